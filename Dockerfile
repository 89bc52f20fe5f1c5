# forumbot: the Telegram bot, polling. Build: docker build -t forumbot .
# Run:   docker run --env-file .env -v forumbot-data:/data forumbot
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
COPY data/ data/

# The SQLite store (and its WAL files) lives on the volume and survives new images.
ENV FORUMBOT_DB=/data/forumbot.sqlite3
VOLUME /data

USER 10001:10001

# No health check yet: the bot polls Telegram and serves no port, and a "process alive" test
# would say nothing, since the bot is PID 1 and the container stops when it does. A later
# change adds a health endpoint; check that then.
HEALTHCHECK NONE

CMD ["python", "bot.py", "run"]
