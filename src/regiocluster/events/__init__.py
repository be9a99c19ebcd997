"""Forum and suppliers' conference: optimal scheduling of one-to-one (B2B) meetings."""

from regiocluster.events.schedule import MeetingSchedule, schedule_greedy, schedule_meetings
from regiocluster.events.synthetic import SyntheticConference, synthetic_conference

__all__ = [
    "MeetingSchedule",
    "SyntheticConference",
    "schedule_greedy",
    "schedule_meetings",
    "synthetic_conference",
]
