"""Classes of English words the rules read context with: small closed sets, written once."""

from __future__ import annotations

MODALS = {"can", "could", "will", "would", "shall", "should", "may", "might", "must"}
NEG_MODALS = {"can't", "couldn't", "won't", "wouldn't", "shouldn't", "mustn't", "cannot",
              "don't", "doesn't", "didn't"}
DO = {"do", "does", "did", "don't", "doesn't", "didn't"}
BE = {"am", "is", "are", "was", "were", "be", "been", "being", "'s", "'re"}
HAVE = {"have", "has", "had"}
SUBJECTS = {"i", "you", "he", "she", "it", "we", "they"}
OBJECTS = {"me", "you", "him", "her", "it", "us", "them", "myself", "yourself", "himself",
           "herself", "ourselves", "themselves"}
POSSESSIVES = {"my", "your", "his", "her", "its", "our", "their"}
DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "some", "any", "no",
               "every", "each", "another", "such", "what", "which", "whose"} | POSSESSIVES
PREPOSITIONS = {"of", "in", "on", "at", "to", "for", "with", "by", "from", "about", "into",
                "onto", "over", "under", "after", "before", "through", "between", "during",
                "without", "within", "against", "among", "around", "up", "down", "out", "off",
                "like", "near", "since", "until", "towards", "toward", "upon", "across"}
CONJUNCTIONS = {"and", "or", "but", "nor", "so", "yet", "if", "because", "when", "while",
                "that", "which", "who", "whom", "what", "where", "how", "why", "than", "then",
                "as", "although", "though", "unless", "whether"}
ADVERBS = {"not", "never", "always", "also", "just", "still", "already", "really", "very",
           "so", "too", "only", "even", "often", "usually", "sometimes", "probably",
           "definitely", "actually", "quite", "almost", "ever", "now", "here", "there",
           "again", "soon", "maybe", "perhaps", "certainly", "surely", "all", "both"}
FUNCTION = (MODALS | NEG_MODALS | DO | BE | HAVE | SUBJECTS | OBJECTS | DETERMINERS
            | PREPOSITIONS | CONJUNCTIONS | ADVERBS | {"to", "there", "it's", "they're",
                                                      "you're", "who's", "n't", "not"})
NEGATIONS = {"not", "never", "no", "n't", "nor", "none", "nobody", "nothing", "nowhere",
             "neither", "cannot", "without"}
PUNCT = set(".,;:!?…)-\"'")
# Words English always capitalises: languages and peoples, countries and continents, days.
# Left out: words that are also common lowercase words ("may", "march", "august", "turkey",
# "china", "polish", "japan").
PROPER = {w: w.capitalize() for w in (
    "english french spanish italian german chinese japanese korean american british european "
    "african asian indian canadian mexican russian arabic brazilian australian greek turkish "
    "dutch swedish portuguese vietnamese thai arab irish scottish welsh egyptian persian "
    "christian muslim jewish buddhist hindu christianity islam judaism buddhism hinduism "
    "britain england france america germany italy spain canada mexico russia india brazil "
    "australia europe africa asia vietnam egypt greece korea scotland ireland wales "
    "monday tuesday wednesday thursday friday saturday sunday january february april june "
    "july september october november december").split()}

# Adjectives whose comparative ("bigger", "easier", "nicer") comes before "than".
_SHORT_ADJECTIVES = (
    "big small large long short high low old young new fast slow quick easy hard cheap "
    "strong weak rich poor happy early great nice safe close near warm cold hot cool deep "
    "wide tall light dark heavy smart clean clear simple busy healthy wealthy funny pretty "
    "lucky tough bright loud quiet soft fresh sharp thick thin fat slim dry wet wise brave "
    "calm kind lazy angry crazy dirty scary tiny late fine true sad bad mad low full wild "
    "cute rare pure sure strict free fair firm proud steep")
_IRREGULAR = {"more", "less", "fewer", "rather", "other", "better", "worse", "further",
              "farther", "else", "elder", "lesser"}


def _comparatives() -> set[str]:
    out = set(_IRREGULAR)
    for adj in _SHORT_ADJECTIVES.split():
        if adj.endswith("e"):
            out.add(adj + "r")
        elif adj.endswith("y"):
            out.add(adj[:-1] + "ier")
        elif (len(adj) >= 3 and adj[-1] not in "aeiouwy" and adj[-2] in "aeiou"
              and adj[-3] not in "aeiou"):
            out.add(adj + adj[-1] + "er")
        else:
            out.add(adj + "er")
    out.discard("later")  # "see you later then"
    return out


COMPARATIVES = _comparatives()


def is_comparative(word: str) -> bool:
    return word in COMPARATIVES


def noun_like(word: str) -> bool:
    """A content word that could be a noun: a word, not a function word, not an -ly adverb,
    not an -ing form."""
    return (word.isalpha() and word not in FUNCTION and not word.endswith("ly")
            and not word.endswith("ing") and len(word) > 1)
