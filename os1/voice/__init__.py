"""Speech: talking with the companion out loud.

A thin shell around the mind, like the CLI and the server: ``session.VoiceSession`` carries
audio in and out of ``Companion.turn``. Each backend family is a one-method protocol chosen by
name from the ``voice`` settings, with a deterministic fake shipped alongside:

- ``asr``: hearing (faster-whisper with Whisper base or tiny.en, or scripted words)
- ``tts``: her voice (Piper, espeak-ng, or a buzz); ``prosody`` puts her mood in it
- ``vad``: noticing speech (Silero, or loudness), and ``Segmenter`` cutting utterances
- ``turn``: knowing the user has finished (Smart Turn, the quiet alone, or scripted answers);
  ``listen`` applies it to audio streamed in pieces (the web app's hands-free mode)
- ``echo``: not hearing herself through the speaker
- ``devices``: the sound card, or a virtual one for files and tests
"""
