"""`dailypapers claim ...`: list author claims, approve or reject them, as admins do at /admin/claims."""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer

from dailypapers.domain.claims import ClaimStatus
from dailypapers.domain.clock import utc_now
from dailypapers.services import claims as claims_service
from dailypapers.services.container import Services
from dailypapers.services.errors import NotFound, Refused

claim_app = typer.Typer(help="Review author claims: list, approve, reject.", no_args_is_help=True)
ClaimArgument = Annotated[int, typer.Argument(help="The claim's number, from `dailypapers claim list`.")]


@claim_app.command("list")
def list_claims(
    ctx: typer.Context,
    status: Annotated[ClaimStatus, typer.Option("--status", case_sensitive=False)] = ClaimStatus.PENDING,
) -> None:
    """Print the claims in one state: pending ones oldest first."""
    services: Services = ctx.obj
    review = claims_service.review_claims(services.db, status=status, limit=1000)
    if not review.claims:
        typer.echo(f"no {status.value} claims")
    for claim in review.claims:
        rivals = review.rivals.get(claim.id, [])
        also = f"  (also claimed by {', '.join('@' + rival.claimant.username for rival in rivals)})" if rivals else ""
        typer.echo(
            f"#{claim.id}  @{claim.claimant.username} is {claim.author_name!r} on {claim.arxiv_id}"
            f"  {claim.created_at:%Y-%m-%d}{also}"
        )


@claim_app.command("approve")
def approve(ctx: typer.Context, claim_id: ClaimArgument) -> None:
    """Approve a claim: the member shows as the verified author; rival pending claims are rejected."""
    _decide(ctx.obj, claim_id, approve=True)


@claim_app.command("reject")
def reject(ctx: typer.Context, claim_id: ClaimArgument) -> None:
    """Reject a claim; on an approved one, this revokes it."""
    _decide(ctx.obj, claim_id, approve=False)


def _decide(services: Services, claim_id: int, *, approve: bool) -> None:
    try:
        claim = claims_service.decide_claim(services.db, claim_id=claim_id, admin=None, approve=approve, now=utc_now())
    except (NotFound, Refused) as error:
        _fail(str(error))
    typer.echo(
        f"#{claim.id} {claim.status.value}: @{claim.claimant.username} as {claim.author_name} on {claim.arxiv_id}"
    )


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(1)
