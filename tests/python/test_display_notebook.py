"""Executes examples/notebooks/display.ipynb with nbclient (the library behind
`jupyter nbconvert --execute`) and checks the messages that a saved notebook does not
keep: update_display_data with the display id of the output it replaces, and
clear_output. The saved outputs themselves are checked by check_notebook.py."""
import os
import unittest

import nbformat
from nbclient import NotebookClient

from gokernel_testing import KERNEL_NAME

NOTEBOOK = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "notebooks", "display.ipynb")


class RecordingClient(NotebookClient):
    """A NotebookClient that keeps every iopub message, by cell."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.messages = {}

    def process_message(self, msg, cell, cell_index):
        self.messages.setdefault(cell_index, []).append(msg)
        return super().process_message(msg, cell, cell_index)


class TestDisplayNotebook(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        nb = nbformat.read(NOTEBOOK, as_version=4)
        cls.client = RecordingClient(nb, kernel_name=KERNEL_NAME, timeout=300)
        cls.client.execute()
        cls.nb = nb

    def cell_index(self, needle):
        for i, cell in enumerate(self.nb.cells):
            if cell.cell_type == "code" and needle in cell.source:
                return i
        self.fail("no cell contains %r" % needle)

    def messages(self, needle, msg_type):
        return [m for m in self.client.messages.get(self.cell_index(needle), [])
                if m["msg_type"] == msg_type]

    def test_handle_updates_its_own_display(self):
        shown = self.messages("display.New(", "display_data")
        updates = self.messages("display.New(", "update_display_data")
        self.assertEqual(len(shown), 1)
        self.assertEqual(len(updates), 3)
        display_id = shown[0]["content"]["transient"]["display_id"]
        self.assertTrue(display_id)
        for u in updates:
            self.assertEqual(u["content"]["transient"]["display_id"], display_id)
        self.assertEqual(updates[-1]["content"]["data"]["text/plain"], "step 3")

    def test_progress_bar_updates_and_finishes(self):
        updates = self.messages("display.Progress(", "update_display_data")
        self.assertGreaterEqual(len(updates), 1)
        self.assertIn("50/50", updates[-1]["content"]["data"]["text/plain"])

    def test_clear_output_is_sent_between_the_two_lines(self):
        msgs = self.client.messages[self.cell_index("display.Clear(")]
        kinds = [m["msg_type"] for m in msgs if m["msg_type"] in ("stream", "clear_output")]
        self.assertEqual(kinds, ["stream", "clear_output", "stream"])


if __name__ == "__main__":
    unittest.main()
