FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts ./scripts
RUN npm run build

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /app/static/vendor ./static/vendor
RUN SECRET_KEY=build python manage.py collectstatic --noinput \
    && SECRET_KEY=build python manage.py compilemessages --ignore=.venv
EXPOSE 8000
# gunicorn.conf.py: one process per core, gthread x 4 threads, recycled every ~5,000 requests,
# the application preloaded so the processes share its memory (docs/SCALING.md has the figures).
ENV WEB_WORKERS=2 WEB_THREADS=4 WEB_MAX_REQUESTS=5000
CMD ["gunicorn", "-c", "gunicorn.conf.py", "chamilo.wsgi:application"]
