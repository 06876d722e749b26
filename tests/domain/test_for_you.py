"""The For you maths: nearness to the profile, shared words, boosts, exclusions and the reasons given."""

import numpy as np

from dailypapers.domain.for_you import (
    Candidates,
    PaperSignal,
    Profile,
    Reason,
    ReasonKind,
    SignalKind,
    Vocabulary,
    keyword_scores,
    measure_nearness,
    paper_words,
    rank_for_you,
    shared_word_scores,
    shortlist,
)


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def profile_of(*signals: tuple[int, str, SignalKind, np.ndarray], dismissed: list[np.ndarray] | None = None) -> Profile:
    return Profile(
        signals=[PaperSignal(paper_id, arxiv_id, kind) for paper_id, arxiv_id, kind, _ in signals],
        vectors=np.stack([vector for *_, vector in signals]) if signals else np.zeros((0, 3), np.float32),
        dismissed=np.stack(dismissed) if dismissed else np.zeros((0, 3), np.float32),
    )


CANDIDATES = Candidates(
    paper_ids=[10, 11, 12, 13],
    vectors=np.stack([unit(1, 0.1, 0), unit(0, 1, 0.1), unit(0.1, 0, 1), unit(0.7, 0.7, 0)]),
)


def rank(profile: Profile, **kwargs: object) -> list:
    nearness = measure_nearness(profile, CANDIDATES)
    arguments = {"keyword": {}, "boosts": {}, "excluded": frozenset()} | kwargs
    return rank_for_you(candidates=CANDIDATES, profile=profile, nearness=nearness, **arguments).best  # type: ignore[arg-type]


def test_papers_near_a_liked_paper_come_first_and_name_it() -> None:
    profile = profile_of(
        (1, "2501.00001", SignalKind.UPVOTED, unit(1, 0, 0)), (2, "2501.00002", SignalKind.SAVED, unit(0, 1, 0))
    )
    ranked = rank(profile)
    assert [item.paper_id for item in ranked][-1] == 12  # near neither
    by_id = {item.paper_id: item for item in ranked}
    assert by_id[10].reasons[0].text == "Like 2501.00001 you upvoted"
    assert by_id[11].reasons[0].text == "Like 2501.00002 you saved"


def test_a_dismissed_paper_pulls_the_ranking_away_from_its_topic() -> None:
    liked = (1, "2501.00001", SignalKind.UPVOTED, unit(1, 1, 0))
    plain = {item.paper_id: item.score for item in rank(profile_of(liked))}
    turned_away = {item.paper_id: item.score for item in rank(profile_of(liked, dismissed=[unit(0, 1, 0)]))}
    assert plain[11] - plain[10] > turned_away[11] - turned_away[10]


def test_excluded_papers_are_never_suggested() -> None:
    profile = profile_of((1, "2501.00001", SignalKind.UPVOTED, unit(1, 0, 0)))
    assert 10 not in [item.paper_id for item in rank(profile, excluded=frozenset({10}))]
    assert 10 not in shortlist(CANDIDATES, measure_nearness(profile, CANDIDATES), excluded=frozenset({10}), size=2)


def test_without_paper_signals_only_followed_papers_are_ranked_by_their_boosts() -> None:
    boosts = {
        12: [Reason(ReasonKind.CATEGORY, "cs.CL", 0.5)],
        11: [Reason(ReasonKind.AUTHOR, "Jane Doe", 1.0), Reason(ReasonKind.CATEGORY, "cs.CL", 0.5)],
    }
    ranked = rank(profile_of(), boosts=boosts)
    assert [item.paper_id for item in ranked] == [11, 12]
    assert [reason.text for reason in ranked[0].reasons] == ["Follows: Jane Doe", "cs.CL"]


def test_the_strongest_signal_is_named_first() -> None:
    profile = profile_of((1, "2501.00001", SignalKind.CLAIMED, unit(0, 0, 1)))
    ranked = rank(profile, boosts={10: [Reason(ReasonKind.SAVED_SEARCH, "diffusion", 0.75)]})
    far = next(item for item in ranked if item.paper_id == 10)
    assert far.reasons[0].text == "Saved search: diffusion"
    near = next(item for item in ranked if item.paper_id == 12)
    assert near.reasons[0].text == "Like your paper 2501.00001"


def test_shared_words_count_rare_words_more_and_do_not_reward_length() -> None:
    profile = [["diffusion", "video", "model"], ["diffusion", "image", "model"]]
    candidates = [["diffusion", "audio", "model"], ["model", "language"], ["model"] * 1 + [f"w{i}" for i in range(50)]]
    scores = keyword_scores(profile, candidates)
    assert scores[0] > scores[1] > 0
    assert scores[2] < scores[1]


def test_the_word_score_does_not_depend_on_the_order_words_were_numbered_in() -> None:
    texts = [
        "Diffusion models for video generation",
        "Video diffusion with motion priors and diffusion guidance",
        "Speech recognition with connectionist temporal classification",
        "Language models reason about video diffusion, motion priors and guidance at generation time",
    ]
    profile, candidates = [paper_words(text) for text in texts[:2]], [paper_words(text) for text in texts[2:]]
    scores = []
    for first, then in ((profile, candidates), (candidates, profile), (list(reversed(candidates)), profile)):
        vocabulary = Vocabulary()
        numbered = {words: vocabulary.ids_of(words) for words in [*first, *then]}
        scores.append(shared_word_scores([numbered[w] for w in profile], [numbered[w] for w in candidates]).tolist())
    assert scores[0] == scores[1] == scores[2] == keyword_scores(profile, candidates)
    assert scores[0][1] > scores[0][0] == 0.0  # only the second candidate shares words (seven of them)
