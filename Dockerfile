# obm-bot in a container: a slim Python base, a user without rights, the database on a volume.
#   docker build -t obm-bot .
#   docker run -d --env-file .env -v obm-data:/data -v ./obm.toml:/config/obm.toml:ro obm-bot
FROM python:3.12-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin obm \
    && mkdir -p /data /config \
    && chown obm:obm /data

WORKDIR /app
# The package finds catalogue/, intents/ and knowledge/ next to itself (an editable install).
COPY pyproject.toml README.md obm.example.toml ./
COPY obm_bot ./obm_bot
COPY catalogue ./catalogue
COPY intents ./intents
COPY knowledge ./knowledge
RUN python -m venv /opt/venv && /opt/venv/bin/pip install -e .

ENV PATH=/opt/venv/bin:$PATH \
    OBM_DB_PATH=/data/obm.sqlite3 \
    OBM_BACKUP_DIR=/data/backups \
    OBM_CONFIG=/config/obm.toml \
    OBM_HEALTH_PORT=9090

USER obm
VOLUME ["/data"]
# 8443: the webhook server (obm-bot run --webhook URL --listen 0.0.0.0), behind a proxy.
EXPOSE 8443
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:9090/healthz', timeout=8)" || exit 1

ENTRYPOINT ["obm-bot"]
CMD ["run"]
