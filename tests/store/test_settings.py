"""SettingsStore: what the user chose."""

from __future__ import annotations

import pytest

from .life import NASTY, assert_plain, check_isolation


def test_a_setting_is_kept_replaced_and_defaulted(store, users):
    a, _ = users
    assert store.setting(a, "timezone") is None
    assert store.setting(a, "timezone", "UTC") == "UTC"
    store.set_setting(a, "timezone", "Europe/Lisbon")
    store.set_setting(a, "checkins", "off")
    store.set_setting(a, "timezone", "America/Chicago")
    assert store.setting(a, "timezone", "UTC") == "America/Chicago"
    assert store.settings(a) == {"checkins": "off", "timezone": "America/Chicago"}
    assert list(store.settings(a)) == ["checkins", "timezone"]  # by key
    assert_plain(store.settings(a))


def test_an_empty_value_is_a_value(store, users):
    a, _ = users
    store.set_setting(a, "voice", "")
    assert store.setting(a, "voice", "default") == ""


@pytest.mark.parametrize("kind", sorted(NASTY))
def test_any_text_survives_a_setting(store, users, kind):
    a, _ = users
    text = NASTY[kind]
    store.set_setting(a, text, text)
    store.set_setting(a, "plain", text)
    assert store.setting(a, text) == text
    assert store.settings(a) == {text: text, "plain": text}


def test_user_b_never_sees_or_changes_user_as_settings(store, users):
    def trespass(store, a, b, ids):
        assert store.setting(b, "timezone") != store.setting(a, "timezone")
        store.set_setting(b, "timezone", "Asia/Tokyo")
        store.set_setting(b, "other", "x")

    check_isolation(store, users, "settings", trespass)
