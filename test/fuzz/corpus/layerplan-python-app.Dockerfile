FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1
WORKDIR /srv
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -r requirements.txt
COPY app/ ./app/
ARG GIT_SHA=unknown
LABEL org.opencontainers.image.revision=$GIT_SHA
USER nobody
CMD ["python", "-m", "app"]
