"""Runs Taguette exactly like the `taguette` command, but without any outbound connection.

Taguette's server fetches https://msg.taguette.org/<version> at start-up and every 24 hours
(`Application.check_messages`). The benchmark must only talk to 127.0.0.1, so this launcher
replaces that method by one that publishes an empty message list, and makes Tornado's HTTP
client refuse every non-loopback address as a second guard. Everything else is Taguette's own
`taguette.main.main()`, with the arguments given on this command line, e.g.

    python taguette_offline.py --no-browser server taguette.conf.py
"""

import sys
import urllib.parse

import taguette.web.base as _base
import tornado.httpclient


def _no_messages(self):
    self.messages = []
    self.messages_event.set()


_base.Application.check_messages = _no_messages

_orig_fetch = tornado.httpclient.AsyncHTTPClient.fetch


def _loopback_only_fetch(self, request, *args, **kwargs):
    url = request.url if isinstance(request, tornado.httpclient.HTTPRequest) else str(request)
    host = urllib.parse.urlsplit(url).hostname or ''
    if host not in ('127.0.0.1', 'localhost', '::1'):
        raise RuntimeError('benchmark: outbound request to %r blocked' % url)
    return _orig_fetch(self, request, *args, **kwargs)


tornado.httpclient.AsyncHTTPClient.fetch = _loopback_only_fetch

if __name__ == '__main__':
    from taguette.main import main

    sys.argv[0] = 'taguette'
    main()
