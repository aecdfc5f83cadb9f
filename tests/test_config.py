import pytest

from os1 import config
from os1.errors import ConfigError


def test_defaults_without_a_file():
    settings = config.load()
    assert settings.model == config.DEFAULT_MODEL
    assert settings.openai.retries == 2


def test_file_then_env(monkeypatch):
    config.config_path().write_text('model = "fake"\n[openai]\nbase_url = "http://x:1/v1"\n')
    assert config.load().model == "fake"
    assert config.load().openai.base_url == "http://x:1/v1"
    monkeypatch.setenv("OS1_OPENAI_BASE_URL", "http://y:2/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "fallback")
    monkeypatch.setenv("OS1_OPENAI_API_KEY", "wins")
    settings = config.load()
    assert settings.openai.base_url == "http://y:2/v1"
    assert settings.openai.api_key == "wins"


def test_unknown_key_is_one_clear_line():
    config.config_path().write_text('modle = "fake"\n')
    with pytest.raises(ConfigError) as err:
        config.load()
    assert "unknown setting 'modle'" in str(err.value)
    assert "\n" not in str(err.value)


def test_bad_value_and_bad_toml():
    config.config_path().write_text("temperature = 9\n")
    with pytest.raises(ConfigError, match="temperature"):
        config.load()
    config.config_path().write_text("model = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        config.load()


def test_save_setting_keeps_other_keys_and_validates():
    config.save_setting("openai.model", "llama3")
    config.save_setting("model", "openai")
    settings = config.load()
    assert (settings.model, settings.openai.model) == ("openai", "llama3")
    with pytest.raises(ConfigError):
        config.save_setting("max_tokens", -5)
    assert config.load().max_tokens == 300


def test_private_files_are_private(os1_home):
    from os1.memory.store import open_store

    config.save_setting("openai.api_key", "sk-secret")
    open_store().close()
    assert os1_home.stat().st_mode & 0o777 == 0o700
    assert config.config_path().stat().st_mode & 0o777 == 0o600
    assert (os1_home / "os1.db").stat().st_mode & 0o777 == 0o600
