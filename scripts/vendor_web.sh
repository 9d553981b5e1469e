#!/usr/bin/env bash
# Vendor the web UI's JavaScript libraries from the npm registry into
# src/tahaluf/web/static/vendor/ so the UI works with no internet at run time.
# Reproducible: pinned versions, files copied from the published tarballs, licences kept.
#   scripts/vendor_web.sh            # needs npm and network access to the registry
set -euo pipefail
cd "$(dirname "$0")/.."

LEAFLET_VERSION=1.9.4
CYTOSCAPE_VERSION=3.34.4
SWAGGER_UI_VERSION=5.35.0  # the offline /docs page
DEST=src/tahaluf/web/static/vendor

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fetch() {  # fetch NAME VERSION → $tmp/NAME/package
  mkdir -p "$tmp/$1"
  (cd "$tmp/$1" && npm pack --silent "$1@$2" >/dev/null && tar -xzf ./*.tgz)
}

fetch leaflet "$LEAFLET_VERSION"
fetch cytoscape "$CYTOSCAPE_VERSION"
fetch swagger-ui-dist "$SWAGGER_UI_VERSION"

rm -rf "$DEST/leaflet" "$DEST/cytoscape" "$DEST/swagger-ui"
mkdir -p "$DEST/leaflet/images" "$DEST/cytoscape" "$DEST/swagger-ui"

p="$tmp/leaflet/package"
cp "$p/dist/leaflet.js" "$p/dist/leaflet.css" "$DEST/leaflet/"
cp "$p"/dist/images/*.png "$DEST/leaflet/images/"
cp "$p/LICENSE" "$DEST/leaflet/LICENSE"

p="$tmp/cytoscape/package"
cp "$p/dist/cytoscape.min.js" "$DEST/cytoscape/"
cp "$p/LICENSE" "$DEST/cytoscape/LICENSE"

p="$tmp/swagger-ui-dist/package"
cp "$p/swagger-ui-bundle.js" "$p/swagger-ui.css" "$p/LICENSE" "$DEST/swagger-ui/"
[ -f "$p/NOTICE" ] && cp "$p/NOTICE" "$DEST/swagger-ui/"

cat > "$DEST/VERSIONS" <<TXT
leaflet $LEAFLET_VERSION (BSD-2-Clause) https://www.npmjs.com/package/leaflet
cytoscape $CYTOSCAPE_VERSION (MIT) https://www.npmjs.com/package/cytoscape
swagger-ui-dist $SWAGGER_UI_VERSION (Apache-2.0) https://www.npmjs.com/package/swagger-ui-dist
TXT
echo "vendored into $DEST:"
find "$DEST" -type f | sort
