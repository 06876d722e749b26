"""Code links: finding a paper's repository in its abstract or arXiv comment, and the one form every link is kept in.

A code link names a repository on GitHub, GitLab or a Hugging Face Space; anything else (a project page on
github.io, a dataset, a model) is not code. `https://github.com/org/repo/tree/main.` is stored as
`https://github.com/org/repo`: a file, a branch or a `.git` suffix in the text must not make two links of one.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Host -> how many path segments name the repository. GitLab groups nest; their repository is every segment
# before GitLab's `/-/` separator, so the count there is an upper bound.
_CODE_HOSTS = {"github.com": 2, "gitlab.com": 4, "huggingface.co": 3}
_MAX_URL_CHARS = 512  # the column's width
# GitHub's own pages that look like `github.com/<owner>/<name>` but are no repository.
_GITHUB_RESERVED = frozenset(
    {"about", "apps", "collections", "features", "marketplace", "orgs", "settings", "sponsors", "topics", "users"}
)
_GITLAB_PAGES = frozenset({"-", "tree", "blob", "raw", "issues", "merge_requests", "wikis"})
_MAX_PAGE_CHARS = 1024
_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,98}[A-Za-z0-9_])?")
_NAME = re.compile(r"[A-Za-z0-9_.-]{1,100}")
# A link as authors write it in LaTeX or plain text, from its host name (whatever scheme is before it) to a space
# or a bracket; not a subdomain such as gist.github.com.
_URL_IN_TEXT = re.compile(
    r"(?<![\w.-])(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co)/[^\s<>\"'{}\[\]()|\\]+", re.I
)
# Most abstracts name no code host: a plain substring test on them is 40 times cheaper than any pattern.
_HOST_NAMES = ("github.com", "gitlab.com", "huggingface.co")
# Words before a link that say it is the paper's own code, not a tool it builds on.
_OWN_CODE_CUE = re.compile(r"\b(code|codes|available|release[sd]?|implementation|repository|github|project)\b", re.I)
_CUE_WINDOW = 80


class InvalidCodeLink(ValueError):
    """A link a person entered that is not a repository on a code host this site knows."""


def normalise_code_link(text: str) -> str:
    """The canonical https link to the repository `text` names; InvalidCodeLink says what is wrong with it."""
    text = text.strip()
    if len(text) > _MAX_URL_CHARS:
        raise InvalidCodeLink(f"a code link is at most {_MAX_URL_CHARS} characters")
    parts = urlsplit(text)
    if parts.scheme != "https":
        raise InvalidCodeLink("a code link starts with https://")
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host not in _CODE_HOSTS or parts.port is not None or parts.username is not None:
        raise InvalidCodeLink("a code link points to a repository on github.com, gitlab.com or a Hugging Face Space")
    segments = _repository_segments(host, [segment for segment in parts.path.split("/") if segment])
    if segments is None:
        raise InvalidCodeLink(f"{text[:80]} does not name a repository")
    return f"https://{host}/{'/'.join(segments)}"


def normalise_project_page(text: str) -> str:
    """A project page as stored: any https address; InvalidCodeLink says what is wrong with it."""
    text = text.strip()
    if len(text) > _MAX_PAGE_CHARS:
        raise InvalidCodeLink(f"a project page link is at most {_MAX_PAGE_CHARS} characters")
    parts = urlsplit(text)
    if parts.scheme != "https" or not parts.hostname or "." not in parts.hostname or parts.username is not None:
        raise InvalidCodeLink("a project page link is an https:// address")
    return text


def find_code_link(*texts: str | None) -> str | None:
    """The paper's own repository as its texts (abstract, then comment) name it: the first code link a cue such as
    "code is available at" introduces, else the first code link at all; None when there is none."""
    found: list[tuple[bool, str]] = []
    for text in texts:
        if not text or not any(host in text.lower() for host in _HOST_NAMES):
            continue
        for match in _URL_IN_TEXT.finditer(text):
            link = _link_from_text(match.group(0))
            if link is not None:
                before = text[max(0, match.start() - _CUE_WINDOW) : match.start()]
                found.append((_OWN_CODE_CUE.search(before) is not None, link))
    cued = [link for has_cue, link in found if has_cue]
    if cued:
        return cued[0]
    return found[0][1] if found else None


def _link_from_text(raw: str) -> str | None:
    """`raw` starts at the host name: whatever scheme or `www.` the text put before it, the link is https."""
    raw = "https://" + raw.rstrip(".,;:!?*'`")
    try:
        return normalise_code_link(raw)
    except InvalidCodeLink:
        return None


def _repository_segments(host: str, segments: list[str]) -> list[str] | None:
    if host == "huggingface.co":
        if len(segments) < 3 or segments[0] != "spaces":
            return None  # models and datasets are not code
        owner, name = segments[1], _strip_git(segments[2])
        return ["spaces", owner, name] if _OWNER.fullmatch(owner) and _NAME.fullmatch(name) else None
    if host == "gitlab.com":
        ends = [index for index, segment in enumerate(segments) if segment in _GITLAB_PAGES]
        segments = segments[: ends[0]] if ends else segments
    segments = segments[: _CODE_HOSTS[host]] if host == "gitlab.com" else segments[:2]
    if len(segments) < 2:
        return None
    *owners, name = segments
    name = _strip_git(name)
    if host == "github.com" and owners[0].lower() in _GITHUB_RESERVED:
        return None
    if not all(_OWNER.fullmatch(owner) for owner in owners) or not _NAME.fullmatch(name) or name in (".", ".."):
        return None
    return [*owners, name]


def _strip_git(name: str) -> str:
    return name[:-4] if name.lower().endswith(".git") and len(name) > 4 else name
