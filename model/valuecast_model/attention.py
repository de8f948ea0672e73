"""Transformer encoder blocks written from Linear, matmul and softmax.

nn.TransformerEncoder takes fused fast paths whose ONNX export differs
between torch 1.13 and 2.x. These plain ops export the same way on both.
"""

import math

import torch
from torch import nn

# Added to the attention scores of padding keys. It is finite so that the
# softmax stays defined, and exp() of it underflows to exactly 0 in float32,
# so a padding key gets a weight of exactly 0.
MASKED_KEY_BIAS = -1e9


def key_padding_bias(keep: torch.Tensor) -> torch.Tensor:
    """Turn a key mask [batch, T] (1 keep, 0 pad) into a bias [batch,1,1,T]."""
    return ((1.0 - keep) * MASKED_KEY_BIAS)[:, None, None, :]


class SelfAttention(nn.Module):
    """Multi-head self-attention over tokens [batch, T, d_model]."""

    def __init__(self, d_model: int, heads: int):
        super().__init__()
        self.d_model = d_model
        self.heads = heads
        self.head_dim = d_model // heads
        self.scale = 1.0 / math.sqrt(self.head_dim)
        self.query = nn.Linear(d_model, d_model)
        self.key_value = nn.Linear(d_model, 2 * d_model)
        self.out = nn.Linear(d_model, d_model)

    def forward(
        self, x: torch.Tensor, bias: torch.Tensor, first_only: bool = False
    ) -> torch.Tensor:
        """Attend from the tokens of `x` to every unmasked key.

        x [batch, T, d_model], bias [batch, 1, 1, T] from key_padding_bias.
        Returns [batch, T, d_model], or [batch, 1, d_model] for token 0 alone
        when first_only is set.
        """
        queries = x[:, :1] if first_only else x
        query = self._split_heads(self.query(queries))
        key, value = self._split_heads(self.key_value(x)).chunk(2, dim=1)

        scores = torch.matmul(query, key.transpose(-2, -1)) * self.scale
        weights = torch.softmax(scores + bias, dim=-1)
        context = torch.matmul(weights, value).transpose(1, 2)
        # Batch stays -1 so the exported Reshape keeps a dynamic batch axis.
        context = context.reshape(-1, queries.shape[1], self.d_model)

        return self.out(context)

    def _split_heads(self, x: torch.Tensor) -> torch.Tensor:
        """Map [batch, T, k * d_model] to [batch, k * heads, T, head_dim]."""
        tokens = x.shape[1]
        parts = x.shape[2] // self.head_dim
        return x.reshape(-1, tokens, parts, self.head_dim).transpose(1, 2)


class EncoderBlock(nn.Module):
    """Pre-norm Transformer block: attention, then a GELU feed-forward.

    Dropout applies to the output of both residual branches.
    """

    def __init__(self, d_model: int, heads: int, dropout: float):
        super().__init__()
        self.attention_norm = nn.LayerNorm(d_model)
        self.attention = SelfAttention(d_model, heads)
        self.feedforward_norm = nn.LayerNorm(d_model)
        self.feedforward = nn.Sequential(
            nn.Linear(d_model, 4 * d_model),
            nn.GELU(),
            nn.Linear(4 * d_model, d_model),
        )
        self.dropout = nn.Dropout(dropout)

    def forward(
        self, x: torch.Tensor, bias: torch.Tensor, first_only: bool = False
    ) -> torch.Tensor:
        """Map tokens [batch, T, d_model] to [batch, T, d_model].

        With first_only, only token 0 is updated and returned, as [batch, 1,
        d_model]. The last block uses it because the heads read token 0.
        """
        attended = self.attention(self.attention_norm(x), bias, first_only)
        if first_only:
            x = x[:, :1]
        x = x + self.dropout(attended)
        x = x + self.dropout(self.feedforward(self.feedforward_norm(x)))

        return x
