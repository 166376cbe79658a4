#!/bin/bash
set -euo pipefail
config=/tmp/registry.yml
cat > "$config" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: /var/lib/registry
  delete:
    enabled: true
http:
  addr: 0.0.0.0:5000
YAML
if [ -n "${REGISTRY_USER:-}" ] && [ -n "${REGISTRY_PASSWORD:-}" ]; then
  htpasswd -Bbn "$REGISTRY_USER" "$REGISTRY_PASSWORD" > /tmp/htpasswd
  cat >> "$config" <<YAML
auth:
  htpasswd:
    realm: berth-registry
    path: /tmp/htpasswd
YAML
fi
echo "registry listening on :5000"
exec /usr/bin/docker-registry serve "$config"
