"""One bound for the per-process caches of words (parses, lemmas, forms, token records ...).

A run meets ever new word forms: the news corpus has 103,000 distinct ones in its first 1,000
articles, 187,000 in 3,000 and 317,000 in 9,200. A cache of words grows with the corpus until
its bound, so with bounds of 100,000 to 500,000 a process kept growing for thousands of
articles (issue 21: 611 MB at 1,000 articles, 980 MB at 3,000). With every such cache bounded
at WORD_CACHE entries they are full within the first few hundred articles and a process's
memory is flat from there; the words a text repeats most stay cached (least recently used go
first, or the cache starts over when full), so the hit rate stays high. The caches are of
pure functions: their size changes speed and memory, never a result.
"""
WORD_CACHE = 50_000
# Caches of names and name-like words (capitalised candidates, their parses, readings, forms)
# fill far more slowly: at 400 articles they held 1,500 to 19,000 entries, and with bounds of
# 50,000 two workers still grew by ~50 MB each per 700 articles between 1,000 and 2,700
# (`cli.py bench --scale`, sampled). Bounded at NAME_CACHE they are full within ~500 articles.
NAME_CACHE = 10_000
