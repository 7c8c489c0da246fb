#!/usr/bin/python3
# test-evolution-module.py: Evolution loads the build tree's module, in English or Greek.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   test-evolution-module.py BUILD_DIR LOG_DIR LANGUAGE
# A real Evolution in a private session (evolution_session.py), driven through AT-SPI: its
# loader reports our module, the Calendar view's Actions menu has our item, and the item opens
# Evolution's Preferences. Screenshots go to LOG_DIR.

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evolution_session import run_evolution_tests  # noqa: E402
from private_session import check  # noqa: E402

TEXTS = {
    "en": {"item": "Recurring Sales Preferences…", "preferences": "Evolution Preferences"},
    "el": {"item": "Προτιμήσεις επαναλαμβανόμενων πωλήσεων…",
           "preferences": "Προτιμήσεις Evolution"},
}


def test_module_loaded(evo):
    log = evo.evolution_log()
    folder = os.path.join(evo.build_dir, "plugin", "evolution", "evolution-test-prefix", "lib",
                          "evolution", "modules")
    check(f"Loaded 1 *.so modules in '{folder}'" in log,
          "Evolution's loader does not report the build tree's module", log[-3000:])


def test_menu_item(evo):
    texts = TEXTS[evo.language]
    evo.wait_for(evo.frame, "menu item", texts["item"])
    # Open the Actions menu (its parent) for the screenshot; the item is found without it.
    item = evo.find(evo.frame, "menu item", texts["item"])
    evo.activate(item.parent)
    evo.wait_for(evo.frame, "menu item", texts["item"], showing_only=True)
    evo.screenshot("actions-menu")
    evo.activate(item.parent)  # closes it again


def test_item_opens_preferences(evo):
    texts = TEXTS[evo.language]
    evo.activate(evo.find(evo.frame, "menu item", texts["item"]))
    window = evo.wait_for_frame(texts["preferences"])
    check(window.getState().contains(evo.registry.STATE_SHOWING),
          "the Preferences window is not shown")
    evo.screenshot("preferences")


def main():
    return run_evolution_tests([
        ("Evolution's loader reports the module", test_module_loaded),
        ("the Calendar view's Actions menu has our item", test_menu_item),
        ("the item opens Evolution's Preferences", test_item_opens_preferences),
    ])


if __name__ == "__main__":
    sys.exit(main())
