"""The valuecast network: a Transformer encoder over a customer's orders.

Token 0 is built from the summary features and is never masked, so every
customer has at least one key to attend to. Tokens 1..L are the last L orders.
The heads read token 0's final state.
"""

from dataclasses import asdict, dataclass
from typing import Any, Dict, Optional

import torch
import torch.nn.functional as F
from torch import nn

from .attention import EncoderBlock, key_padding_bias
from .normalization import FeatureStats
from .outputs import compute_outputs

# Lower bound of the lognormal sigma. Without it the likelihood of a customer
# whose spend repeats exactly can grow without limit as sigma goes to 0.
SIGMA_FLOOR = 1e-2


@dataclass(frozen=True)
class NetworkConfig:
    """Everything needed to rebuild the network before loading its weights."""

    max_orders: int
    sequence_features: int
    summary_features: int
    category_count: int
    d_model: int
    heads: int
    layers: int
    dropout: float

    def to_dict(self) -> Dict[str, Any]:
        """Return the config as plain values for model.pt."""
        return asdict(self)


class ValueNetwork(nn.Module):
    """Predict spend, orders and next category from raw dataset tensors.

    Inputs: seq float32 [batch, L, F], mask float32 [batch, L], summary
    float32 [batch, S] and, with categories, seq_category int64 [batch, L].
    """

    def __init__(self, config: NetworkConfig, stats: Optional[FeatureStats]):
        super().__init__()
        self.config = config
        self._register_stats(config, stats)
        d_model = config.d_model

        self.order_projection = nn.Linear(config.sequence_features, d_model)
        self.position = nn.Parameter(
            0.02 * torch.randn(config.max_orders, d_model)
        )
        self.category_embedding = None
        if config.category_count > 0:
            # Index 0 is padding and 1 the unknown category.
            self.category_embedding = nn.Embedding(
                config.category_count + 2, d_model, padding_idx=0
            )
        self.summary_projection = nn.Linear(config.summary_features, d_model)
        self.blocks = nn.ModuleList(
            EncoderBlock(d_model, config.heads, config.dropout)
            for _ in range(config.layers)
        )
        self.final_norm = nn.LayerNorm(d_model)

        self.ziln_head = nn.Linear(d_model, 3)
        self.orders_head = nn.Linear(d_model, 1)
        self.category_head = None
        if config.category_count > 0:
            self.category_head = nn.Linear(d_model, config.category_count)

    def heads(
        self,
        seq: torch.Tensor,
        mask: torch.Tensor,
        summary: torch.Tensor,
        seq_category: Optional[torch.Tensor] = None,
    ) -> Dict[str, torch.Tensor]:
        """Return the raw head values, in float32 even under autocast.

        logit, mu, sigma and log_rate are [batch]. category_logits is
        [batch, C] and present only when the model has categories.
        """
        state = self._encode(seq, mask, summary, seq_category)
        ziln = self.ziln_head(state).float()
        heads = {
            "logit": ziln[:, 0],
            "mu": ziln[:, 1],
            "sigma": F.softplus(ziln[:, 2]) + SIGMA_FLOOR,
            "log_rate": self.orders_head(state).float()[:, 0],
        }
        if self.category_head is not None:
            heads["category_logits"] = self.category_head(state).float()

        return heads

    def forward(
        self,
        seq: torch.Tensor,
        mask: torch.Tensor,
        summary: torch.Tensor,
        seq_category: Optional[torch.Tensor] = None,
    ) -> Dict[str, torch.Tensor]:
        """Return the named outputs of outputs.compute_outputs."""
        return compute_outputs(self.heads(seq, mask, summary, seq_category))

    def _encode(self, seq, mask, summary, seq_category) -> torch.Tensor:
        """Return the summary token's final state [batch, d_model].

        The sequence may be shorter than L when training drops leading
        padding: orders are right-aligned, so the last positions are kept.
        """
        # Multiplying by the mask keeps padding at 0 after the shift.
        seq = (seq - self.seq_mean) / self.seq_std * mask.unsqueeze(-1)
        summary = (summary - self.summary_mean) / self.summary_std

        start = self.config.max_orders - seq.shape[1]
        orders = self.order_projection(seq) + self.position[start:]
        if self.category_embedding is not None:
            if seq_category is None:
                raise ValueError("seq_category is required with categories")
            orders = orders + self.category_embedding(seq_category)
        summary_token = self.summary_projection(summary).unsqueeze(1)
        tokens = torch.cat([summary_token, orders], dim=1)

        keep = torch.cat([torch.ones_like(mask[:, :1]), mask], dim=1)
        bias = key_padding_bias(keep)
        last = len(self.blocks) - 1
        for index, block in enumerate(self.blocks):
            tokens = block(tokens, bias, first_only=index == last)

        return self.final_norm(tokens[:, 0])

    def _register_stats(self, config, stats: Optional[FeatureStats]) -> None:
        # Placeholders are overwritten by load_state_dict when rebuilding.
        if stats is None:
            stats = FeatureStats(
                seq_mean=torch.zeros(config.sequence_features),
                seq_std=torch.ones(config.sequence_features),
                summary_mean=torch.zeros(config.summary_features),
                summary_std=torch.ones(config.summary_features),
            )
        for name in ("seq_mean", "seq_std", "summary_mean", "summary_std"):
            self.register_buffer(name, getattr(stats, name).clone().float())
