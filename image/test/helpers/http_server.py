"""A tiny HTTP server on 127.0.0.1 for the download tests of prepare-image.sh.

Serves files from a directory under /images/, plus:
  /latest          302 redirect to /images/base.img.xz (as Raspberry Pi OS's "latest" links lead to a dated
                   file; /latest.sha256 does not exist, the checksum is next to the target)
  /truncated/NAME  announces the full Content-Length of /images/NAME but sends only half of it, then closes
Prints the port it listens on, then serves until killed or for at most --lifetime seconds.
Usage: python3 http_server.py DIR [--lifetime SECONDS]
"""

import argparse
import functools
import http.server
import os
import threading


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server dispatches to)
        if self.path == '/latest':
            self.send_response(302)
            self.send_header('Location', '/images/base.img.xz')
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        if self.path.startswith('/truncated/'):
            path = os.path.join(self.directory, self.path[len('/truncated/'):])
            if not os.path.isfile(path):
                self.send_error(404)
                return
            with open(path, 'rb') as f:
                data = f.read()
            self.send_response(200)
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if self.path.startswith('/images/'):
            self.path = self.path[len('/images'):]
            super().do_GET()
            return
        self.send_error(404)

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('directory')
    parser.add_argument('--lifetime', type=float, default=600.0)
    args = parser.parse_args()
    handler = functools.partial(Handler, directory=args.directory)
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    print(server.server_address[1], flush=True)
    timer = threading.Timer(args.lifetime, server.shutdown)
    timer.daemon = True
    timer.start()
    server.serve_forever()


if __name__ == '__main__':
    main()
