"""The sign-file client of AlmaLinux albs-web-server (scripts/exporters/base_exporter.py), ported to urllib.

The real client runs on aiohttp, which is not installed here. This port keeps what matters for a server:
what it sends (a JSON body for /token; `params` in the query and `data={'file': bytes}` as aiohttp encodes
it, multipart with filename "file" and application/octet-stream; a fresh connection per request) and how
it reads the answer: JSON only when the Content-Type header is exactly 'application/json', text otherwise;
any status >= 400 raises (raise_for_status=True).

Usage: signfile_client.py SCENARIO_JSON; prints a JSON report on stdout.
"""

import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path


class ClientResponseError(Exception):
    """What aiohttp raises with raise_for_status=True."""

    def __init__(self, status, message):
        super().__init__(f'{status}, message={message!r}')
        self.status = status


class SignServerClient:
    def __init__(self, sign_server_api_url, username, password):
        self.sign_server_api_url = sign_server_api_url
        self.sign_server_username = username
        self.sign_server_password = password
        self.content_types = []

    def get_sign_server_token(self) -> str:
        body = {
            'email': self.sign_server_username,
            'password': self.sign_server_password,
        }
        endpoint = 'token'
        method = 'POST'
        response = self.make_request(
            method=method,
            endpoint=endpoint,
            body=body,
            send_to='sign_server',
        )
        return response['token']

    def sign_repomd_xml(self, path_to_file, key_id, token, extra_params=None):
        endpoint = 'sign'
        result = {'asc_content': None, 'error': None}
        try:
            response = self.make_request(
                'POST',
                endpoint,
                # The real client sends only keyid; other clients add more, which the original ignored.
                params={'keyid': key_id, **(extra_params or {})},
                data={'file': Path(path_to_file).read_bytes()},
                user_headers={'Authorization': f'Bearer {token}'},
                send_to='sign_server',
            )
            result['asc_content'] = response
        except Exception as err:
            result['error'] = err
        return result

    def repomd_signer(self, repodata_path, key_id, token, extra_params=None):
        file_path = Path(repodata_path, 'repomd.xml')
        result = self.sign_repomd_xml(file_path, key_id, token, extra_params)
        result_data = result.get('asc_content')
        if result_data is None:
            return f"repomd.xml in {repodata_path} is failed to sign:\n{result['error']}"
        with open(Path(repodata_path, 'repomd.xml.asc'), 'w') as file:
            file.writelines(result_data)
        return None

    def make_request(self, method, endpoint, params=None, body=None, user_headers=None, data=None,
                     send_to='sign_server'):
        headers = {}
        full_url = urllib.parse.urljoin(self.sign_server_api_url, endpoint)
        if user_headers:
            headers.update(user_headers)
        if params:
            full_url = f'{full_url}?{urllib.parse.urlencode(params)}'
        payload = None
        if body is not None:
            payload = json.dumps(body).encode('utf-8')
            headers['Content-Type'] = 'application/json'
        elif data is not None:
            payload, headers['Content-Type'] = encode_form_data(data)
        request = urllib.request.Request(full_url, data=payload, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                content_type = response.headers['Content-Type']
                self.content_types.append(content_type)
                raw = response.read()
                if response.headers['Content-Type'] == 'application/json':
                    return json.loads(raw.decode('utf-8'))
                return raw.decode(response.headers.get_content_charset() or 'utf-8')
        except urllib.error.HTTPError as error:
            raise ClientResponseError(error.code, error.reason) from None


def encode_form_data(fields):
    """aiohttp's FormData for {'name': bytes}: a file part named after the field, octet-stream."""
    boundary = uuid.uuid4().hex
    chunks = []
    for name, value in fields.items():
        chunks.append(f'--{boundary}\r\n'.encode())
        chunks.append(b'Content-Type: application/octet-stream\r\n')
        chunks.append(f'Content-Disposition: form-data; name="{name}"; filename="{name}"\r\n\r\n'.encode())
        chunks.append(value)
        chunks.append(b'\r\n')
    chunks.append(f'--{boundary}--\r\n'.encode())
    return b''.join(chunks), f'multipart/form-data; boundary={boundary}'


def main():
    scenario = json.loads(sys.argv[1])
    client = SignServerClient(scenario['url'], scenario['email'], scenario['password'])
    report = {'ping': None, 'tokens': [], 'errors': [], 'signed': []}
    report['ping'] = client.make_request('GET', 'ping')
    for directory in scenario['repodata']:
        try:
            # As an export run does when it signs one repository after another: a token per file.
            token = client.get_sign_server_token()
        except Exception as err:
            report['errors'].append(f'token: {type(err).__name__}: {err}')
            continue
        report['tokens'].append(token)
        failure = client.repomd_signer(directory, scenario['keyid'], token, scenario.get('extra_params'))
        if failure:
            report['errors'].append(failure)
        else:
            report['signed'].append(directory)
    report['content_types'] = sorted(set(client.content_types))
    print(json.dumps(report))


if __name__ == '__main__':
    main()
