"""Onboarding packets per role and the reference binder: which checklists each holds, in what order, and
what its cover asks a new member to read first.

A role's packet is for a new member of a running task force. It opens with that role's onboarding checklist
(where the guide has one), then holds only the checklists that role uses while the task force runs: those
whose audience names the role, outside the forming phase and apart from other roles' onboarding. Everything,
forming included, is in the reference binder (``packet-all.pdf``).
"""

from __future__ import annotations

from .data import PHASES, ROLE_LABELS, ROLES, Checklist
from .pdfs import Job
from .render import absolute_url

ROLE_PACKETS = tuple(role for role in ROLES if role != "all")  # from the vocabulary: a new role gets a packet
BINDER = "all"
BINDER_NAME = "packet-all"

# Pages a new member of each role reads first, in this order (paths under guide/; tests check they exist).
READING = {
    "coordinator": ["forming/why-a-task-force.md", "operating/governance.md", "operating/members.md",
                    "operating/protocols.md", "operating/information-sharing.md"],
    "law-enforcement": ["understanding/victim-centered.md", "cases/victim-centered-investigations.md",
                        "cases/where-cases-come-from.md", "cases/interviewing-adults.md", "operating/information-sharing.md"],
    "prosecutor": ["understanding/federal-law.md", "cases/prosecution-team.md", "cases/charging.md",
                   "courts/victim-witness.md", "courts/rights-and-restitution.md"],
    "victim-services": ["victims/index.md", "victims/trauma.md", "victims/first-contact-and-intake.md",
                        "victims/safety-assessment.md", "operating/information-sharing.md"],
    "labor-and-civil": ["understanding/labor-trafficking.md", "victims/labor-trafficking-survivors.md",
                        "understanding/federal-law.md", "operating/information-sharing.md"],
    "court": ["courts/index.md", "courts/stakeholders.md", "courts/ethics.md", "courts/trauma-informed-courts.md",
              "courts/victim-defendants.md"],
    "community": ["understanding/what-is-trafficking.md", "understanding/recognizing.md", "getting-help.md",
                  "operating/outreach-and-training.md"],
}


def onboarding_id(role: str) -> str:
    return f"onboarding-{role}"


def _order(checklist: Checklist) -> tuple:
    return (PHASES.index(checklist.phase), checklist.id)


def packet_members(checklists: list[Checklist], role: str) -> list[Checklist]:
    """The checklists in ``role``'s packet, in packet order (the binder: all of them, by phase)."""
    if role == BINDER:
        return sorted(checklists, key=_order)
    onboarding = [c for c in checklists if c.id == onboarding_id(role)]
    rest = [c for c in checklists
            if c.for_role(role) and c.phase != "forming" and not c.id.startswith("onboarding-")]
    return onboarding + sorted(rest, key=_order)


def reading_list(project, role: str) -> tuple:
    pages = []
    for path in READING.get(role, []):
        page = project.pages.get(path)
        if page is not None:
            pages.append({"title": str(page.meta.get("title") or path), "url": absolute_url(project.site_url, path)})
    return tuple(pages)


def packet_name(role: str, suffix: str) -> str:
    return f"{BINDER_NAME if role == BINDER else f'packet-{role}'}{suffix}.pdf"


def plan_packet_jobs(project, contexts: dict, paper: str, suffix: str, created: str, font: str) -> list[Job]:
    """One job per role packet, then the binder, on ``paper`` (``suffix`` is the file name's paper suffix)."""
    jobs = []
    for role in (*ROLE_PACKETS, BINDER):
        members = packet_members(project.checklists, role)
        if not members:
            continue
        if role == BINDER:
            title = "Reference binder: every checklist"
            description = ("All checklists of the Task Force e-Guide, from forming a task force to court, "
                           "for coordinators and for reference.")
        else:
            label = ROLE_LABELS[role]
            title = f"Onboarding packet: {label}"
            first = ("your onboarding checklist first, then the checklists you will use" if members[0].id == onboarding_id(role)
                     else "the pages to read first, then the checklists you will use")
            description = (f"For a new member of a running task force ({label.lower()}): {first}. Forming checklists"
                           " and every other one are in the reference binder.")
        has_onboarding = members[0].id == onboarding_id(role)
        jobs.append(Job(packet_name(role, suffix), title, description, paper, True,
                        tuple(contexts[c.id] for c in members), created, font,
                        onboarding=members[0].id if has_onboarding else "",
                        reading=() if role == BINDER else reading_list(project, role)))
    return jobs
