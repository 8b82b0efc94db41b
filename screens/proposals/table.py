"""The proposals listed on a partner's or a meeting's page; enter opens one."""

from textual.widgets import DataTable

from screens.widgets import KeyTable


class ProposalTable(KeyTable, group="Proposal list"):
    """Proposals concerning the record on the page; enter opens the proposal's page.

    Rows are keyed by proposal id; the screen holding the table has a `context`.
    """

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table is not self or event.row_key.value is None:
            return
        event.stop()
        from screens.proposals.detail import ProposalScreen

        context = self.screen.context  # type: ignore[attr-defined]
        self.app.push_screen(ProposalScreen(context, int(event.row_key.value)))
