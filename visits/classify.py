"""Who sent a request, from its User-Agent: a reader on a desktop, mobile or
tablet device, a bot (crawlerdetect's maintained list, or ua-parser's Spider
device), or the platform's own probes and crawler."""

from crawlerdetect import CrawlerDetect
from django.conf import settings
from ua_parser import parse

BOT = "bot"
PLATFORM = "platform"
DESKTOP = "desktop"
MOBILE = "mobile"
TABLET = "tablet"

MOBILE_OS_FAMILIES = frozenset(
    {"iOS", "Android", "HarmonyOS", "Windows Phone", "BlackBerry OS", "KaiOS"}
)
TABLET_DEVICE_FAMILIES = ("iPad", "Kindle", "Generic Tablet")


class UserAgentClassifier:
    """Classifies user agents, remembering the answers: a log has a few
    thousand distinct user agents, and parsing one costs about a millisecond."""

    max_remembered = 100_000

    def __init__(self, platform_prefixes=None):
        self.platform_prefixes = tuple(
            settings.VISITS_PLATFORM_USER_AGENT_PREFIXES
            if platform_prefixes is None
            else platform_prefixes
        )
        self.crawlers = CrawlerDetect()
        self.known = {}

    def __call__(self, user_agent):
        kind = self.known.get(user_agent)
        if kind is None:
            if len(self.known) >= self.max_remembered:
                self.known.clear()
            kind = self.known[user_agent] = self.classify(user_agent)
        return kind

    def classify(self, user_agent):
        if not user_agent.strip():
            return BOT  # browsers always send one
        if user_agent.startswith(self.platform_prefixes):
            return PLATFORM
        if self.crawlers.isCrawler(user_agent):
            return BOT
        parsed = parse(user_agent)
        device = parsed.device
        if device is not None:
            if device.family == "Spider":
                return BOT
            if device.family.startswith(TABLET_DEVICE_FAMILIES) or "Tablet" in (
                device.brand or ""
            ):
                return TABLET
            if device.family in ("iPhone", "iPod"):
                return MOBILE
        os_family = parsed.os.family if parsed.os is not None else ""
        if os_family in MOBILE_OS_FAMILIES:
            # Android tablets send no "Mobile" token (Google's own guidance).
            if os_family == "Android" and "Mobile" not in user_agent:
                return TABLET
            return MOBILE
        return DESKTOP
