"""Serves one file for every GET on 127.0.0.1:<port>, the way Elasticsearch answers _tasks.

The X-Elastic-Product header is there because the official Java client refuses answers without it;
curl and jq ignore it. Usage: python3 serve_tasks.py FILE PORT
"""
import http.server
import sys

BODY = open(sys.argv[1], "rb").read()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Handler).serve_forever()
