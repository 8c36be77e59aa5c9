"""Link a new speech to existing commitments: restatements and progress evidence.

Pure Python (no Django). `CommitmentIndex` is built from `(commitment_id, text)` pairs,
where the text is everything known about a commitment (title, summary, the quotes of
its mentions, target, actor) run together. It answers two questions about a newly
imported speech:

- `suggest_restatements(quote)`: which existing commitments a proposed commitment
  (a candidate) may restate;
- `find_evidence(text)`: which sentences of the speech report progress ("the Social
  Code … has been introduced", "about 700 rural akims were elected") and which
  commitments each one is evidence for.

Similarity is TF-IDF cosine over two views of the text, weighted: stemmed words, with
the synonym groups of `synonyms.txt` (and of an analyst's own file) folded together
("wages" and "salaries"), and character n-grams inside words (which catch what the
stemmer misses: "monopolising" and "demonopolization", British and American
spellings). An evidence sentence is
read with its context (the sentence before it, counting more when the sentence refers
back to it, "Measures for its modernization have been identified"; the rest of its
paragraph and, in an interview, the question it answers), and each of its
coordinated clauses is also scored alone. Context only ranks the commitments a
sentence shares words with. A commitment may come with a context too (the paragraphs
around the passages where it was made): evidence is also compared with it, at a
discount, which finds the pledges that name their subject only nearby ("This will be
increased in the future."). Scores are in [0, 1]; the minimum scores were calibrated
on the seed addresses (bench/eval_linking.py) and are meant for suggestions an analyst
reviews, never for automatic linking.

Optionally (`use_embeddings=True`, with the `embeddings` extra installed) the cosine
of a sentence embedding model (all-MiniLM-L6-v2, shipped inside a package and loaded
offline) is blended in.

The modules: `words` (content words, stems, synonym folding, character n-grams),
`synonyms` (reading the synonym files), `progress` (progress cues), `context` (what a
sentence is read with) and `index` (the index and its scores). Sentences, interview
turns and references back come from `speechtext`, as extraction reads them.
"""

from __future__ import annotations

from commitments.linking.context import antecedents, clauses, refers_back
from commitments.linking.embeddings import embeddings_available
from commitments.linking.index import (
    CLAUSE_WEIGHT,
    CONTEXT_WEIGHT,
    EMBEDDING_EVIDENCE_MIN_SCORE,
    EMBEDDING_RESTATEMENT_MIN_SCORE,
    EMBEDDING_WEAK_CUE_MARGIN,
    EMBEDDING_WEIGHT,
    EVIDENCE_MIN_SCORE,
    RESTATEMENT_MIN_SCORE,
    RUNNER_UP_SHARE,
    WEAK_CUE_MARGIN,
    CommitmentIndex,
    EvidenceSuggestion,
    Match,
)
from commitments.linking.progress import (
    POLICY_VERBS,
    is_progress_report,
    progress_strength,
)
from commitments.linking.synonyms import (
    packaged_synonym_groups,
    read_synonym_groups,
    synonym_groups,
)
from commitments.linking.words import STOP_WORDS, Vocabulary, content_words, stem

__all__ = [
    "CLAUSE_WEIGHT",
    "CONTEXT_WEIGHT",
    "EMBEDDING_EVIDENCE_MIN_SCORE",
    "EMBEDDING_RESTATEMENT_MIN_SCORE",
    "EMBEDDING_WEAK_CUE_MARGIN",
    "EMBEDDING_WEIGHT",
    "EVIDENCE_MIN_SCORE",
    "POLICY_VERBS",
    "RESTATEMENT_MIN_SCORE",
    "RUNNER_UP_SHARE",
    "STOP_WORDS",
    "WEAK_CUE_MARGIN",
    "CommitmentIndex",
    "EvidenceSuggestion",
    "Match",
    "Vocabulary",
    "antecedents",
    "clauses",
    "content_words",
    "embeddings_available",
    "is_progress_report",
    "packaged_synonym_groups",
    "progress_strength",
    "read_synonym_groups",
    "refers_back",
    "stem",
    "synonym_groups",
]
