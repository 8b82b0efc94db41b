"""The Proposals register: what was offered, asked and agreed, and where each stands."""
