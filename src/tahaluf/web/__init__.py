"""The web UI: static pages (HTML, CSS, JavaScript, vendored Leaflet and Cytoscape)
served by :func:`tahaluf.api.create_app`. No build step."""
