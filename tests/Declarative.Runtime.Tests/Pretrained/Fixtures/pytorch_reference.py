"""PyTorch's side of the pretrained-weights tests.

Run with Debian's system interpreter, which has python3-torch (PyTorch 1.13, CPU):

    /usr/bin/python3 pytorch_reference.py make
        Writes the committed fixtures into this script's folder: checkpoints of three tied models in PyTorch's
        and Hugging Face's conventions, float16/bfloat16 variants, a sharded layout, and PyTorch's outputs on
        fixed inputs. The small GPT-2 in Hugging Face's layout (model.safetensors) and its outputs go to the
        gallery's samples/Gallery/Systems/Pretrained/Gpt2Checkpoint, where the tests read them too.

    /usr/bin/python3 pytorch_reference.py check-pt MODEL FILE
        Loads FILE with torch.load into the PyTorch model MODEL (tied_lm, tied_autoencoder, gpt2, or
        gpt2-without-masks, whose causal masks are not saved) with
        load_state_dict(strict=True), runs it on the fixed inputs and prints one JSON line: the keys, whether the
        tie is one tensor in PyTorch, and the largest difference from the committed reference outputs.

    /usr/bin/python3 pytorch_reference.py check-safetensors FILE
        Checks FILE against the safetensors specification (8-byte little-endian header size, a JSON header of
        dtype, shape and data_offsets per tensor, offsets that cover the data exactly once) and prints one JSON
        line: each tensor's dtype and shape, the metadata, and each tensor's values' sum.

PyTorch 1.13 has no safetensors reader and none is served here, so safetensors files are read and written by
the functions below, which follow the specification (huggingface/safetensors, README "Format").
"""

import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
# The gallery's "Port a pretrained model" loads the small GPT-2 in Hugging Face's layout from there; the tests too,
# from their build output, where both folders are copied side by side.
GALLERY = next(folder for folder in (
    os.path.join(HERE, "..", "..", "Systems", "Pretrained", "Gpt2Checkpoint"),
    os.path.join(HERE, "..", "..", "..", "..", "samples", "Gallery", "Systems", "Pretrained", "Gpt2Checkpoint"),
) if os.path.isdir(os.path.dirname(folder)))

# Sizes of the small models. The C# tests build the same shapes.
VOCAB, DIM = 24, 8                                                  # tied_lm
INPUT, CODE = 12, 5                                                 # tied_autoencoder
GPT2 = dict(vocab=40, positions=16, width=16, layers=2, heads=4)    # gpt2


# ---------------------------------------------------------------------------------------------------------------
# The models, written the way PyTorch and Hugging Face write them.

class TiedLanguageModel(nn.Module):
    """PyTorch's idiom for tied embeddings: the head's weight *is* the embedding's (both keys in state_dict)."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, DIM)
        self.body = nn.Linear(DIM, DIM)
        self.head = nn.Linear(DIM, VOCAB, bias=False)
        self.head.weight = self.embed.weight

    def forward(self, tokens):
        return self.head(torch.tanh(self.body(self.embed(tokens))))


class TiedAutoencoder(nn.Module):
    """A tied autoencoder as PyTorch writes it: the decoder reads encoder.weight.t() and keeps only its bias."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.Linear(INPUT, CODE)
        self.decoder = nn.Linear(CODE, INPUT)
        del self.decoder.weight

    def forward(self, x):
        return F.linear(torch.sigmoid(self.encoder(x)), self.encoder.weight.t(), self.decoder.bias)


class Conv1D(nn.Module):
    """Hugging Face GPT-2's projection: weight [in, out], y = x @ weight + bias."""

    def __init__(self, inputs, outputs):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(inputs, outputs) * 0.2)
        self.bias = nn.Parameter(torch.randn(outputs) * 0.1)

    def forward(self, x):
        return x @ self.weight + self.bias


class Gpt2Attention(nn.Module):
    def __init__(self, width, heads, positions, saved_mask):
        super().__init__()
        self.heads = heads
        self.c_attn = Conv1D(width, 3 * width)
        self.c_proj = Conv1D(width, width)
        # The causal mask: saved with the weights, as older Hugging Face GPT-2 checkpoints do, or not, as newer do.
        mask = torch.tril(torch.ones(positions, positions)).view(1, 1, positions, positions)
        self.register_buffer("bias", mask, persistent=saved_mask)

    def forward(self, x):
        batch, length, width = x.shape
        q, k, v = self.c_attn(x).split(width, dim=2)
        split = lambda t: t.view(batch, length, self.heads, width // self.heads).permute(0, 2, 1, 3)
        q, k, v = split(q), split(k), split(v)
        scores = q @ k.transpose(-1, -2) / math.sqrt(width // self.heads)
        scores = scores.masked_fill(self.bias[:, :, :length, :length] == 0, float("-inf"))
        context = torch.softmax(scores, dim=-1) @ v
        return self.c_proj(context.permute(0, 2, 1, 3).reshape(batch, length, width))


class Gpt2Mlp(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.c_fc = Conv1D(width, 4 * width)
        self.c_proj = Conv1D(4 * width, width)

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x)))


class Gpt2Block(nn.Module):
    def __init__(self, width, heads, positions, saved_mask):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width)
        self.attn = Gpt2Attention(width, heads, positions, saved_mask)
        self.ln_2 = nn.LayerNorm(width)
        self.mlp = Gpt2Mlp(width)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class Gpt2Body(nn.Module):
    def __init__(self, vocab, positions, width, layers, heads, saved_mask):
        super().__init__()
        self.wte = nn.Embedding(vocab, width)
        self.wpe = nn.Embedding(positions, width)
        self.h = nn.ModuleList([Gpt2Block(width, heads, positions, saved_mask) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(width)

    def forward(self, tokens):
        x = self.wte(tokens) + self.wpe(torch.arange(tokens.shape[1]))
        for block in self.h:
            x = block(x)
        return self.ln_f(x)


class Gpt2LMHeadModel(nn.Module):
    """A small GPT-2 with Hugging Face's key names (transformer.h.0.attn.c_attn.weight, ...) and tied embeddings."""

    def __init__(self, vocab, positions, width, layers, heads, saved_mask=True):
        super().__init__()
        self.transformer = Gpt2Body(vocab, positions, width, layers, heads, saved_mask)
        self.lm_head = nn.Linear(width, vocab, bias=False)
        self.lm_head.weight = self.transformer.wte.weight

    def forward(self, tokens):
        return self.lm_head(self.transformer(tokens))


MODELS = {
    "tied_lm": (TiedLanguageModel, lambda: torch.tensor([[1, 5, 9, 23], [0, 2, 2, 17]])),
    "tied_autoencoder": (TiedAutoencoder, lambda: torch.linspace(-1, 1, 3 * INPUT).reshape(3, INPUT)),
    "gpt2": (lambda: Gpt2LMHeadModel(**GPT2), lambda: torch.tensor([[3, 14, 15, 9, 2, 6], [5, 3, 5, 8, 9, 7]])),
}
# The same GPT-2 as newer Hugging Face versions build it, with causal masks that are not saved: for checking files
# that leave them out (checks only; its reference outputs are gpt2's).
CHECKED = dict(MODELS, **{"gpt2-without-masks": (lambda: Gpt2LMHeadModel(**GPT2, saved_mask=False), MODELS["gpt2"][1])})


# ---------------------------------------------------------------------------------------------------------------
# safetensors, by its specification.

DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
          torch.int64: "I64", torch.int32: "I32", torch.uint8: "U8", torch.bool: "BOOL"}
SIZES = {"F32": 4, "F16": 2, "BF16": 2, "F64": 8, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}


def write_safetensors(path, tensors, metadata):
    """Writes tensors (name -> tensor) as Hugging Face does: names sorted, header padded with spaces to 8 bytes."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        tensor = tensors[name].detach().contiguous()
        raw = tensor.view(torch.uint8).numpy().tobytes() if tensor.numel() else b""
        header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata is not None:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(text)))
        file.write(text)
        for raw in blobs:
            file.write(raw)


def read_safetensors(path):
    """Reads a safetensors file, checking it against the specification; returns (tensors, metadata)."""
    with open(path, "rb") as file:
        data = file.read()
    if len(data) < 8:
        raise ValueError("shorter than the 8-byte header size")
    size = struct.unpack("<Q", data[:8])[0]
    if 8 + size > len(data):
        raise ValueError(f"header size {size} runs past the end of the file")
    raw_header = data[8:8 + size]
    if not raw_header.startswith(b"{"):
        raise ValueError("the header does not start with '{'")
    header = json.loads(raw_header.decode("utf-8"))
    metadata = header.pop("__metadata__", None)
    if metadata is not None and not all(isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
        raise ValueError("__metadata__ must map strings to strings")
    body = data[8 + size:]
    spans, tensors = [], {}
    for name, entry in header.items():
        if set(entry) != {"dtype", "shape", "data_offsets"}:
            raise ValueError(f"{name}: entry has keys {sorted(entry)}")
        dtype, shape, (begin, end) = entry["dtype"], entry["shape"], entry["data_offsets"]
        if dtype not in SIZES:
            raise ValueError(f"{name}: unknown dtype {dtype}")
        if end - begin != SIZES[dtype] * math.prod(shape):
            raise ValueError(f"{name}: {end - begin} bytes for {dtype} {shape}")
        spans.append((begin, end, name))
        torch_dtype = {v: k for k, v in DTYPES.items()}[dtype]
        chunk = bytearray(body[begin:end])
        tensors[name] = (torch.frombuffer(chunk, dtype=torch_dtype).reshape(shape).clone() if chunk
                         else torch.empty(shape, dtype=torch_dtype))
    position = 0
    for begin, end, name in sorted(spans):
        if begin != position:
            raise ValueError(f"{name}: data starts at {begin}, expected {position} (holes or overlaps)")
        position = end
    if position != len(body):
        raise ValueError(f"the tensors cover {position} of {len(body)} data bytes")
    return tensors, metadata


# ---------------------------------------------------------------------------------------------------------------
# The fixtures.

def without_tied_keys(state, aliases):
    return {k: v for k, v in state.items() if k not in aliases}


def outputs_file(name):
    if name.startswith("gpt2"):
        return os.path.join(GALLERY, "pytorch_outputs.pt")
    return os.path.join(HERE, f"{name}.outputs.pt")


def make():
    folder = HERE
    os.makedirs(GALLERY, exist_ok=True)
    out = lambda name: os.path.join(folder, name)
    torch.manual_seed(2024)

    for name, (build, inputs) in MODELS.items():
        model = build().eval()
        with torch.no_grad():
            # Away from the defaults (LayerNorm's ones and zeros), so that every tensor is checked.
            for parameter in model.parameters():
                parameter.add_(torch.randn_like(parameter) * 0.05)
            outputs = model(inputs())
        torch.save({"inputs": inputs(), "outputs": outputs}, outputs_file(name))
        state = model.state_dict()
        torch.save(state, out(f"{name}.pt"))

        if name == "tied_lm":
            # PyTorch's convention holds both tied keys. Variants: only the alias; the two entries disagreeing;
            # Hugging Face's convention (the alias left out), and float16/bfloat16 copies of it.
            torch.save({k: v for k, v in state.items() if k != "embed.weight"}, out("tied_lm.alias_only.pt"))
            disagreeing = {k: v.clone() for k, v in state.items()}
            disagreeing["head.weight"][3, 2] += 0.5
            torch.save(disagreeing, out("tied_lm.disagreeing.pt"))
            write_safetensors(out("tied_lm.safetensors"), without_tied_keys(state, {"head.weight"}), {"format": "pt"})
            write_safetensors(out("tied_lm.disagreeing.safetensors"), disagreeing, {"format": "pt"})
            torch.save({k: v.half() for k, v in state.items()}, out("tied_lm.float16.pt"))
            write_safetensors(out("tied_lm.bfloat16.safetensors"),
                              {k: v.bfloat16() for k, v in without_tied_keys(state, {"head.weight"}).items()},
                              {"format": "pt"})
        if name == "tied_autoencoder":
            # An untied checkpoint that holds the decoder's weight too: agreeing (the exact transpose) or not.
            with_decoder = dict(state, **{"decoder.weight": state["encoder.weight"].t().contiguous()})
            torch.save(with_decoder, out("tied_autoencoder.with_decoder.pt"))
            wrong = {k: v.clone() for k, v in with_decoder.items()}
            wrong["decoder.weight"][0, 1] -= 0.25
            torch.save(wrong, out("tied_autoencoder.disagreeing.pt"))
        if name == "gpt2":
            hf_state = without_tied_keys(state, {"lm_head.weight"})
            write_safetensors(os.path.join(GALLERY, "model.safetensors"), hf_state, {"format": "pt"})
            write_safetensors(out("gpt2.float16.safetensors"), {k: v.half() for k, v in hf_state.items()},
                              {"format": "pt"})
            with torch.no_grad():
                half = build().eval()
                half.load_state_dict({k: v.half().float() for k, v in state.items()})
                torch.save({"inputs": inputs(), "outputs": half(inputs())}, out("gpt2.float16.outputs.pt"))
            # Hugging Face's sharded layout: an index and two shards, split between the blocks.
            sharded = os.path.join(folder, "gpt2-sharded")
            os.makedirs(sharded, exist_ok=True)
            names = sorted(hf_state)
            shards = {"model-00001-of-00002.safetensors": [n for n in names if not n.startswith("transformer.h.1.")],
                      "model-00002-of-00002.safetensors": [n for n in names if n.startswith("transformer.h.1.")]}
            weight_map = {}
            for shard, keys in shards.items():
                write_safetensors(os.path.join(sharded, shard), {k: hf_state[k] for k in keys}, {"format": "pt"})
                weight_map.update({k: shard for k in keys})
            total = sum(v.numel() * v.element_size() for v in hf_state.values())
            with open(os.path.join(sharded, "model.safetensors.index.json"), "w") as file:
                json.dump({"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))},
                          file, indent=2)
                file.write("\n")


def max_difference(actual, expected):
    return (actual.double() - expected.double()).abs().max().item()


def check_pt(model_name, path, resaved=None):
    build, _ = CHECKED[model_name]
    model = build().eval()
    state = torch.load(path)
    model.load_state_dict(state, strict=True)
    reference = torch.load(outputs_file(model_name))
    with torch.no_grad():
        outputs = model(reference["inputs"])
    tied = {
        "tied_lm": lambda m: m.head.weight is m.embed.weight,
        "tied_autoencoder": lambda m: not hasattr(m.decoder, "weight"),
        "gpt2": lambda m: m.lm_head.weight is m.transformer.wte.weight,
        "gpt2-without-masks": lambda m: m.lm_head.weight is m.transformer.wte.weight,
    }[model_name](model)
    print(json.dumps({"keys": sorted(state), "tied": tied,
                      "max_difference": max_difference(outputs, reference["outputs"])}))
    if resaved is not None:
        torch.save(model.state_dict(), resaved)
        torch.save({"inputs": reference["inputs"], "outputs": outputs}, resaved + ".outputs.pt")


def check_safetensors(path):
    tensors, metadata = read_safetensors(path)
    print(json.dumps({
        "tensors": {k: {"dtype": DTYPES[v.dtype], "shape": list(v.shape), "sum": v.double().sum().item()}
                    for k, v in sorted(tensors.items())},
        "metadata": metadata,
    }))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "make" and len(sys.argv) == 2:
        make()
    elif command == "check-pt" and len(sys.argv) in (4, 5):
        check_pt(*sys.argv[2:])
    elif command == "check-safetensors" and len(sys.argv) == 3:
        check_safetensors(sys.argv[2])
    else:
        sys.exit(__doc__)
