# forumbot: the Telegram bot, polling or webhook. Build: docker build -t forumbot .
# Run:   docker run --env-file .env -v forumbot-data:/data forumbot   (or: docker compose up)
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

WORKDIR /app

# Dependencies first, read from pyproject.toml alone, so that editing the source reuses this
# layer. The project itself is not installed: the bot runs from /app, where it finds data/.
COPY pyproject.toml ./
RUN python -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies'], sep='\n')" > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# An unprivileged user (numeric, so orchestrators can verify it is not root) that owns only
# the store directory; the code stays root-owned and read-only to the bot.
RUN groupadd --system --gid 10001 forumbot \
    && useradd --system --uid 10001 --gid forumbot --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin forumbot \
    && mkdir /data \
    && chown forumbot:forumbot /data

COPY bot.py ./
COPY forumbot/ forumbot/
COPY handlers/ handlers/
COPY webapp/ webapp/
COPY data/ data/

# The SQLite store (and its WAL files) lives on the volume and survives new images. The health
# endpoint and the Mini App listen on every interface of the container, so a scraper or the
# reverse proxy beside it reaches them.
ENV FORUMBOT_DB=/data/forumbot.sqlite3 \
    FORUMBOT_HEALTH_LISTEN=0.0.0.0 \
    FORUMBOT_WEBAPP_LISTEN=0.0.0.0
VOLUME /data

# 8080: GET /healthz and /metrics (FORUMBOT_HEALTH_PORT). 8443: the webhook, in webhook mode
# only (FORUMBOT_WEBHOOK_PORT); polling needs no port. 8081: the Mini App, with
# FORUMBOT_WEBAPP_URL only (FORUMBOT_WEBAPP_PORT).
EXPOSE 8080 8443 8081

USER 10001:10001

# The store answers and the bot is serving: /healthz, through urllib (no curl in slim), on
# the port FORUMBOT_HEALTH_PORT says. Start-up imports the programme: give it time.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-m", "forumbot.ops.probe"]

# SIGTERM (docker stop) reaches the bot as PID 1: the sends in flight finish, then it exits.
CMD ["python", "bot.py", "run"]
