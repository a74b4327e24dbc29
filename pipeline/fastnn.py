"""slovnet's CNN taggers (natasha's NewsMorphTagger and NewsNERTagger), the same weights run faster.

slovnet's numpy backend (slovnet/exec/model.py) pads every batch to its longest item, builds
the convolution windows from a channels-first array (a slow strided copy), allocates anew at
every step and wraps every token and tag in Record objects. Here the same float32 arithmetic
runs on one flat stream of tokens:

- the sentences of a call are laid end to end with one zero row between them (the zero padding
  a kernel of 3 sees at a sentence edge), so no work is spent on padding;
- each layer is one matrix product of the windows (laid out as slovnet lays them: channel-major,
  kernel-minor, so BLAS sums in the same order) with the same weight matrix; bias, ReLU, batch
  norm and the mask are applied in place, in slovnet's order;
- the CRF's Viterbi decoding runs over all lines at once (lines grouped by length);
- words are encoded once (word id and shape id cached), tags decoded through tables.

The tags are those of slovnet (tests/test_fastnn.py compares them on news texts).
razdel's tokenizer is reimplemented the same way (`tokenize`): its rules are consulted only
where razdel consults them (two atoms with no space between), with razdel's own rule objects.
"""
from __future__ import annotations

import numpy as np
from razdel.segmenters.punct import DASHES
from razdel.segmenters.tokenize import ATOM, INT, LAT, PUNCT, RU, Atom, TokenSplit
from razdel.segmenters.tokenize import tokenize as _razdel_tokenize
from slovnet.shape import word_shape

from .limits import WORD_CACHE

# Tokens per forward pass: large enough for BLAS to run at full speed, small enough that the
# window matrix of the first layer (tokens x 990 float32) stays a few MB.
CHUNK_TOKENS = 2048
# Words whose ids are remembered (a cache, cleared when full: memory stays bounded).
ENCODE_CACHE = WORD_CACHE


# ----------------------------------------------------------------------------- tokenizer


_WORDLIKE = frozenset({RU, LAT, INT})
# Punctuation some rule of razdel's looks at: dashes and "_" (DashRule, UnderscoreRule, "кто-то"),
# ".,/\\" between numbers (FloatRule, FractionRule), "!" (yahoo!).
_RULE_PUNCT = frozenset(DASHES) | frozenset("_.,/\\!")


def _no_rule_applies(left, right) -> bool:
    """True when none of razdel's token rules can join these two touching atoms (type, text):
    two word-like atoms (no rule joins them), or a word-like atom beside punctuation no rule
    looks at (or beside "." "," "/" "\\" when the word-like atom is no number)."""
    left_type, right_type = left[2], right[2]
    if left_type in _WORDLIKE:
        if right_type in _WORDLIKE:
            return True
        punct, word_type = right[3], left_type
    elif right_type in _WORDLIKE:
        punct, word_type = left[3], right_type
    else:
        return False
    if left_type != PUNCT and right_type != PUNCT:
        return False
    if punct not in _RULE_PUNCT:
        return True
    return punct in ".,/\\" and word_type != INT


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """razdel.tokenize(text) as (start, stop, text) triples, the same tokens, several times
    faster: a split with a space is always a split in razdel, so its rules are only asked
    about atoms that touch, and not even then where none of them can apply."""
    atoms = [(m.start(), m.end(), m.lastgroup, m.group()) for m in ATOM.finditer(text)]
    if not atoms:
        return []
    tokens = []
    objects = {}

    def atom(i):
        a = objects.get(i)
        if a is None:
            a = objects[i] = Atom(*atoms[i])
        return a

    join = _razdel_tokenize.join
    start, stop, _, buffer = atoms[0]
    for i in range(1, len(atoms)):
        a_start, a_stop, _, a_text = atoms[i]
        if a_start == stop and not _no_rule_applies(atoms[i - 1], atoms[i]):
            split = TokenSplit([atom(j) for j in range(max(0, i - 3), i)], "",
                               [atom(j) for j in range(i, min(len(atoms), i + 3))])
            split.buffer = buffer
            if join(split):
                buffer += a_text
                stop = a_stop
                continue
        tokens.append((start, stop, buffer))
        start, stop, buffer = a_start, a_stop, a_text
    tokens.append((start, stop, buffer))
    return tokens


# ----------------------------------------------------------------------------- the network


class _Layer:
    __slots__ = ("beta", "bias", "gamma", "kernel", "mean", "padding", "std", "weight")

    def __init__(self, layer):
        conv, norm = layer.conv, layer.norm
        filters, in_dim, kernel = conv.weight.shape
        self.weight = conv.weight.array.reshape(filters, in_dim * kernel)  # as slovnet's matmul
        self.bias = conv.bias.array
        self.mean, self.std = norm.mean.array, norm.std.array
        self.gamma, self.beta = norm.weight.array, norm.bias.array
        self.kernel, self.padding = kernel, conv.padding


class FastTagger:
    """The forward pass of a slovnet tagger (natasha's, navec already injected): sentences of
    words in, per-token scores of the head's projection out."""

    def __init__(self, model, words: dict, unk_id: int, shapes: dict, tags: list,
                 encoded: dict | None = None):
        """`model`: a slovnet exec model (Morph or NER) with its arrays and navec injected;
        `words`, `shapes`: its vocabularies as {item: id}; `tags`: its tag vocabulary;
        `encoded`: the cache of encoded words, shared by taggers with the same vocabularies."""
        self.words, self.unk_id, self.shapes = words, unk_id, shapes
        self.shapes_unk = shapes.get("<unk>")  # slovnet's Vocab.encode: None when absent
        self.tags = list(tags)
        emb = model.emb
        self.indexes = emb.word.indexes.array  # words x qdim (uint8)
        codes = emb.word.codes.array  # qdim x centroids x chunk
        # word vectors as slovnet builds them (codes[qdims, indexes[ids]]), by one np.take
        self.codes = np.ascontiguousarray(codes).reshape(-1, codes.shape[2])
        self.code_base = np.arange(codes.shape[0], dtype=np.intp) * codes.shape[1]
        self.word_dim = codes.shape[0] * codes.shape[2]
        self.shape_weight = emb.shape.weight.array
        self.layers = [_Layer(layer) for layer in model.encoder.layers]
        if any(layer.kernel != 2 * layer.padding + 1 for layer in self.layers):
            raise ValueError("only 'same' convolutions (kernel = 2 * padding + 1) are supported")
        self.pad = max(layer.padding for layer in self.layers)
        self.proj_weight = model.head.proj.weight.array
        self.proj_bias = model.head.proj.bias.array
        crf = getattr(model.head, "crf", None)
        self.transitions = crf.transitions.array if crf is not None else None
        self._ids: dict = {} if encoded is None else encoded

    @classmethod
    def from_api(cls, api) -> FastTagger:
        """From a loaded slovnet / natasha tagger (NewsMorphTagger(emb), NewsNERTagger(emb))."""
        infer = api.infer
        words, shapes = infer.encoder.words_vocab, infer.encoder.shapes_vocab
        return cls(infer.model, words.item_ids, words.unk_id, shapes.item_ids,
                   infer.decoder.tags_vocab.items)

    # -- encoding ------------------------------------------------------------------------
    def encode(self, words) -> tuple[list[int], list[int]]:
        ids = self._ids
        if len(ids) > ENCODE_CACHE:
            ids.clear()
        word_ids, shape_ids = [], []
        for word in words:
            pair = ids.get(word)
            if pair is None:
                pair = ids[word] = (self.words.get(word.lower(), self.unk_id),
                                    self.shapes.get(word_shape(word), self.shapes_unk))
            word_ids.append(pair[0])
            shape_ids.append(pair[1])
        return word_ids, shape_ids

    # -- forward -------------------------------------------------------------------------
    def scores(self, sentences: list[list[str]], decode=None) -> list[np.ndarray]:
        """Per sentence, a (tokens x tags) float32 array: slovnet's head output; or what
        `decode` makes of it (applied to the scores of many tokens at once: the scores of a
        whole batch of a morph tagger, 753 per token, are never all held)."""
        results = [None] * len(sentences)
        chunk, size = [], 0
        for i, words in enumerate(sentences):
            if not words:
                empty = np.zeros((0, len(self.tags)), np.float32)
                results[i] = decode(empty) if decode else empty
                continue
            chunk.append(i)
            size += len(words)
            if size >= CHUNK_TOKENS:
                self._forward([sentences[j] for j in chunk], chunk, results, decode)
                chunk, size = [], 0
        if chunk:
            self._forward([sentences[j] for j in chunk], chunk, results, decode)
        return results

    def _forward(self, sentences, where, results, decode=None) -> None:
        pad = self.pad
        lengths = [len(s) for s in sentences]
        word_ids, shape_ids = [], []
        for words in sentences:
            w, s = self.encode(words)
            word_ids += w
            shape_ids += s
        # Rows of the flat stream: `pad` zero rows, sentence 1, `pad` zero rows, sentence 2, ...
        starts = np.cumsum([pad] + [n + pad for n in lengths[:-1]])
        rows = np.concatenate([np.arange(s, s + n) for s, n in zip(starts, lengths)])
        total = int(starts[-1]) + lengths[-1] + pad
        valid = np.zeros(total, bool)
        valid[rows] = True
        invalid = ~valid

        codes = self.indexes[np.asarray(word_ids)] + self.code_base
        word = np.take(self.codes, codes, axis=0).reshape(len(word_ids), self.word_dim)
        shape = self.shape_weight[np.asarray(shape_ids)]
        x = np.zeros((total, word.shape[1] + shape.shape[1]), np.float32)
        x[rows, :word.shape[1]] = word
        x[rows, word.shape[1]:] = shape

        for layer in self.layers:
            x = self._layer(layer, x, invalid)

        hidden = x[rows]  # tokens x channels, contiguous
        out = np.matmul(hidden, self.proj_weight) + self.proj_bias
        if decode is not None:
            out = decode(out)
        offset = 0
        for i, n in zip(where, lengths):
            results[i] = out[offset:offset + n]
            offset += n

    @staticmethod
    def _layer(layer, x, invalid):
        total, channels = x.shape
        k, p = layer.kernel, layer.padding
        n = total - 2 * p  # windows centred on rows p .. total - p - 1
        # windows[r, c, j] = x[r + j, c]: slovnet's (channel, kernel) order, so that BLAS
        # sums each output in the same order as slovnet's matmul (same floats, same tags)
        windows = np.empty((n, channels, k), np.float32)
        for j in range(k):
            windows[:, :, j] = x[j:j + n]
        windows = windows.reshape(n, channels * k)
        y = np.zeros((total, layer.weight.shape[0]), np.float32)
        body = y[p:total - p]
        np.matmul(windows, layer.weight.T, out=body)
        body += layer.bias
        np.clip(body, 0, None, out=body)
        body -= layer.mean
        body /= layer.std
        body *= layer.gamma
        body += layer.beta
        y[invalid] = 0
        return y

    # -- decoding ------------------------------------------------------------------------
    def argmax(self, sentences: list[list[str]]) -> list[np.ndarray]:
        """The best tag id of every token (the morph head's decoding)."""
        return self.scores(sentences, lambda scores: scores.argmax(-1))

    def viterbi(self, sentences: list[list[str]], group: int = 256) -> list[np.ndarray]:
        """The CRF's best tag ids per sentence (slovnet's CRF.decode, all sentences at once)."""
        emissions = self.scores(sentences)
        results = [None] * len(sentences)
        order = sorted(range(len(sentences)), key=lambda i: len(emissions[i]))
        for g in range(0, len(order), group):
            ids = [i for i in order[g:g + group] if len(emissions[i])]
            for i in order[g:g + group]:
                if not len(emissions[i]):
                    results[i] = np.zeros(0, np.int64)
            if ids:
                for i, tags in zip(ids, self._viterbi([emissions[i] for i in ids])):
                    results[i] = tags
        return results

    def _viterbi(self, emissions: list[np.ndarray]) -> list[np.ndarray]:
        batch = len(emissions)
        sizes = np.array([len(e) for e in emissions])
        seq_len, tags_num = int(sizes.max()), emissions[0].shape[1]
        em = np.zeros((seq_len, batch, tags_num), np.float32)
        for b, e in enumerate(emissions):
            em[:len(e), b] = e
        transitions = self.transitions
        batch_index = np.arange(batch)[:, None]
        tag_index = np.arange(tags_num)[None, :]
        history = np.zeros((max(seq_len - 1, 0), batch, tags_num), np.intp)
        score = em[0]
        for t in range(1, seq_len):
            step = score[:, :, None] + transitions + em[t][:, None, :]  # batch x from x to
            best = step.argmax(-2)
            history[t - 1] = best
            step = step[batch_index, best, tag_index]
            score = np.where((sizes > t)[:, None], step, score)
        tags = np.zeros((batch, seq_len), np.intp)
        best = score.argmax(-1)
        last = sizes - 1
        tags[batch_index[:, 0], last] = best
        for t in range(seq_len - 1, 0, -1):
            active = last >= t
            best = np.where(active, history[t - 1][batch_index[:, 0], best], best)
            tags[active, t - 1] = best[active]
        return [tags[b, :n] for b, n in enumerate(sizes)]


# ----------------------------------------------------------------------------- the taggers


class FastMorph:
    """natasha's NewsMorphTagger, faster: `tag(sentences)` gives per sentence a list of tag ids;
    `pos[id]`, `feats[id]` (a dict) and `feats_key[id]` (its sorted items) decode them."""

    def __init__(self, net: FastTagger):
        from slovnet.conll import parse_conll_tag

        self.net = net
        parsed = [parse_conll_tag(tag) for tag in net.tags]
        self.pos = [pos for pos, _ in parsed]
        self.feats = [feats for _, feats in parsed]
        self.feats_key = [tuple(sorted(feats.items())) for feats in self.feats]

    def tag(self, sentences: list[list[str]]) -> list[list[int]]:
        return [ids.tolist() for ids in self.net.argmax(sentences)]


class FastNER:
    """natasha's NewsNERTagger, faster: `spans(texts)` gives per text its (start, stop, type)
    spans, as NewsNERTagger(text).spans."""

    def __init__(self, net: FastTagger):
        self.net = net
        self.parts = []  # tag id -> (part, type), as slovnet.bio.parse_bio
        for tag in net.tags:
            part, _, kind = tag.partition("-")
            self.parts.append((part, kind or None))

    def spans(self, texts: list[str] | None, tokenizer=None,
              tokens=None) -> list[list[tuple[int, int, str]]]:
        """`tokenizer`: text -> (start, stop, word) triples; razdel's (`tokenize`) when None.
        `tokens`: each text's triples, already made (then `texts` is not read)."""
        if tokens is None:
            tokens = [(tokenizer or tokenize)(text) for text in texts]
        tags = self.net.viterbi([[t[2] for t in toks] for toks in tokens])
        return [self._spans(toks, ids.tolist()) for toks, ids in zip(tokens, tags)]

    def _spans(self, tokens, ids) -> list[tuple[int, int, str]]:
        """slovnet.bio.bio_spans over the tokens' offsets."""
        spans, previous, start, stop = [], None, None, None
        parts = self.parts
        for (t_start, t_stop, _), tag in zip(tokens, ids):
            part, kind = parts[tag]
            if part == "O":
                if previous:
                    spans.append((start, stop, previous))
                    previous = None
            elif part == "B":
                if previous:
                    spans.append((start, stop, previous))
                previous, start, stop = kind, t_start, t_stop
            elif part == "I":
                stop = t_stop
        if previous:
            spans.append((start, stop, previous))
        return spans


# ----------------------------------------------------------------------------- loading


# natasha's model files (natasha.data names them; importing natasha loads all of natasha,
# its grammars included, about 20 MB a process that only needs these three files)
NEWS_EMBEDDING = ("emb", "navec_news_v1_1B_250K_300d_100q.tar")
NEWS_MORPH = ("model", "slovnet_morph_news_v1.tar")
NEWS_NER = ("model", "slovnet_ner_news_v1.tar")


def natasha_data(parts) -> str:
    import importlib.util
    import os

    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("natasha is not installed")
    return os.path.join(next(iter(spec.submodule_search_locations)), "data", *parts)


def load_taggers(embedding_path=None, morph_path=None, ner_path=None) -> tuple[FastMorph, FastNER]:
    """natasha's news morph and NER taggers, loaded lean: the navec codes are memory-mapped
    from the embedding's file (pages shared by worker processes), and the two taggers share
    one word vocabulary (slovnet loads it twice, navec a third time, with arrays only
    navec's similarity needs)."""
    import tarfile

    from slovnet.const import SHAPE, TAG, WORD
    from slovnet.exec.model import NER, Morph
    from slovnet.exec.pack import Pack

    indexes, codes, navec_id = _navec_arrays(embedding_path or natasha_data(NEWS_EMBEDDING),
                                             tarfile)
    nets, words_blob, words, shapes_items, encoded = [], None, None, None, {}
    for path, Model in ((morph_path or natasha_data(NEWS_MORPH), Morph),
                        (ner_path or natasha_data(NEWS_NER), NER)):
        with Pack(path) as pack:
            pack.load_meta().check_protocol()
            model = pack.load_model(Model)
            model = model.inject_arrays(dict(pack.load_arrays(model.weights)))
            blob = pack.read(f"vocabs/{WORD}.gz")
            new_words = blob != words_blob
            if new_words:
                vocab = pack.load_vocab(WORD)
                words, words_blob = (vocab.item_ids, vocab.unk_id), blob
                del vocab
            shapes = pack.load_vocab(SHAPE)
            tags = pack.load_vocab(TAG)
        if new_words or shapes.items != shapes_items:
            encoded = {}  # other vocabularies: another cache
        shapes_items = shapes.items
        word = model.emb.word
        if word.id != navec_id:
            raise ValueError(f"{path}: expects embedding {word.id!r}, got {navec_id!r}")
        word.indexes = word.indexes.replace(array=indexes)
        word.codes = word.codes.replace(array=codes)
        nets.append(FastTagger(model, words[0], words[1], shapes.item_ids, tags.items, encoded))
    return FastMorph(nets[0]), FastNER(nets[1])


def _navec_arrays(path, tarfile):
    """navec's PQ arrays (indexes memory-mapped, codes read) and its id, without its vocabulary
    (the taggers carry the same words) and without PQ.precompute's similarity tables."""
    import json

    with tarfile.open(path) as tar:
        meta = json.loads(tar.extractfile("meta.json").read().decode("utf8"))
        member = tar.getmember("pq.bin")
        file = tar.extractfile(member)
        vectors, _, qdim, centroids = np.frombuffer(file.read(16), np.uint32).tolist()
        file.seek(16 + vectors * qdim)
        codes = np.frombuffer(file.read(), np.float32).reshape(qdim, centroids, -1).copy()
    if member.sparse or not member.isreg():
        raise ValueError(f"{path}: pq.bin is not stored plainly")
    indexes = np.memmap(path, np.uint8, "r", offset=member.offset_data + 16,
                        shape=(vectors, qdim))
    return indexes, codes, meta["id"]
