"""A real S3 HTTP endpoint on 127.0.0.1 for the tests: moto's standalone server
(`moto[server]`, pinned in the dev extra). It is a mock in the sense that it keeps the
objects in memory and accepts any credentials, but it speaks the S3 REST API over
HTTP: boto3, s3cmd and chromium talk to it exactly as to R2 or MinIO, with signed
requests, multipart uploads, server-side copies, bucket policies and CORS answers.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .hosts import free_port

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "kasdikdas-uji", "AWS_SECRET_ACCESS_KEY": "rahasia-uji",
               "AWS_DEFAULT_REGION": "us-east-1"}


@dataclass
class S3Server:
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        """What a process needs to reach this endpoint (boto3's standard variables)."""
        return {**CREDENTIALS, "AWS_ENDPOINT_URL": self.endpoint}

    @classmethod
    def start(cls, log: Path) -> S3Server:
        server = shutil.which("moto_server", path=str(Path(sys.executable).parent)) or "moto_server"
        port = free_port()
        handle = log.open("wb")
        process = subprocess.Popen([server, "-H", "127.0.0.1", "-p", str(port)],
                                   stdout=handle, stderr=subprocess.STDOUT,
                                   env={**os.environ, **CREDENTIALS}, start_new_session=True)
        for _ in range(300):
            if process.poll() is not None:
                raise RuntimeError(f"moto_server stopped: {log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return cls(port, process, log)
            except OSError:
                time.sleep(0.05)
        process.kill()
        raise RuntimeError("moto_server did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def client(self):
        import boto3

        return boto3.session.Session(aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                                     aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
                                     region_name=CREDENTIALS["AWS_DEFAULT_REGION"]).client(
            "s3", endpoint_url=self.endpoint)

    def make_public_bucket(self, name: str, origins: list[str], readable: str = "") -> None:
        """A bucket as docs/hosting.md sets one up: anyone may read the objects under
        `readable` (a key prefix), and pages from `origins` may fetch them from a script
        (the offline save)."""
        client = self.client()
        client.create_bucket(Bucket=name)
        client.put_bucket_policy(Bucket=name, Policy=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Sid": "BacaPublik", "Effect": "Allow", "Principal": "*",
                           "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/{readable}*"}]}))
        client.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": [{
            "AllowedOrigins": origins, "AllowedMethods": ["GET", "HEAD"],
            "AllowedHeaders": ["Range"], "MaxAgeSeconds": 86400,
            "ExposeHeaders": ["Content-Length", "Content-Range", "Accept-Ranges", "ETag"]}]})

    def objects(self, bucket: str, prefix: str = "") -> dict[str, dict]:
        """{key: {"size", "etag", "modified"}} of every object under `prefix`."""
        found = {}
        for page in self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket,
                                                                            Prefix=prefix):
            for item in page.get("Contents", ()):
                found[item["Key"]] = {"size": item["Size"], "etag": item["ETag"],
                                      "modified": item["LastModified"]}
        return found
