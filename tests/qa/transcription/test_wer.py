from qa.transcription.wer import wer, word_errors


def test_wer_ignores_case_and_punctuation() -> None:
    assert wer("Hello, World!", "hello world") == 0.0


def test_wer_counts_substitutions_insertions_deletions() -> None:
    assert word_errors("a b c d", "a x c") == (2, 4)
    assert wer("a b", "a b c") == 0.5


def test_wer_works_in_cyrillic() -> None:
    assert wer("Чем могу помочь?", "чем могу помочь") == 0.0
