// Where webhooks may go: https to public hosts in the cloud; the local runtime also reaches loopback receivers.
import { describe, expect, it } from 'vitest';
import { webhookUrlRefusal } from '#domain/webhook-url.ts';

describe('webhookUrlRefusal in the cloud', () => {
  it.each([
    'https://fb.example/hook',
    'https://fb.example:8443/hook?token=x',
    'https://203.0.113.10/hook',
    'https://[2001:db8::1]/',
  ])('allows %s', (url) => {
    expect(webhookUrlRefusal(url, 'cloud')).toBeUndefined();
  });

  it.each([
    ['http://fb.example/hook', 'must be an https URL'],
    ['http://127.0.0.1:4010/hook', 'must be an https URL'],
    ['ftp://fb.example/hook', 'must be an https URL'],
    ['not a url', 'must be an https URL'],
    ['https://localhost/hook', 'must not point to a loopback address'],
    ['https://api.localhost/hook', 'must not point to a loopback address'],
    ['https://127.0.0.1/hook', 'must not point to a loopback address'],
    ['https://0x7f.1/hook', 'must not point to a loopback address'],
    ['https://2130706433/hook', 'must not point to a loopback address'],
    ['https://[::1]/hook', 'must not point to a loopback address'],
    ['https://[::ffff:127.0.0.1]/hook', 'must not point to a loopback address'],
    ['https://10.1.2.3/hook', 'must not point to a private address'],
    ['https://0xc0.0xa8.1.1/hook', 'must not point to a private address'],
    ['https://172.20.0.1/hook', 'must not point to a private address'],
    ['https://[fd00::1]/hook', 'must not point to a private address'],
    ['https://169.254.1.1/hook', 'must not point to a link-local address'],
    ['https://[fe80::1]/hook', 'must not point to a link-local address'],
    ['https://169.254.169.254/latest/meta-data', 'must not point to a cloud metadata address'],
    ['https://0251.0376.0251.0376/', 'must not point to a cloud metadata address'],
    ['https://[fd00:ec2::254]/', 'must not point to a cloud metadata address'],
    ['https://[::ffff:a9fe:a9fe]/', 'must not point to a cloud metadata address'],
    ['https://0.0.0.0/hook', 'must not point to the unspecified address'],
    ['https://[::]/hook', 'must not point to the unspecified address'],
    ['https://100.64.0.1/hook', 'must not point to a shared (carrier-grade NAT) address'],
    ['https://user:secret@fb.example/hook', 'must not contain a user name or password'],
    ['https://user@fb.example/hook', 'must not contain a user name or password'],
  ])('refuses %s: %s', (url, message) => {
    expect(webhookUrlRefusal(url, 'cloud')).toBe(message);
  });
});

describe('webhookUrlRefusal in the local runtime', () => {
  it.each([
    'http://127.0.0.1:4010/hook',
    'http://localhost:4010/hook',
    'http://[::1]:4010/hook',
    'https://localhost/x',
    'https://fb.example/hook',
  ])('allows %s', (url) => {
    expect(webhookUrlRefusal(url, 'local')).toBeUndefined();
  });

  it.each([
    ['http://fb.example/hook', 'must be an https URL (http only for a loopback host: 127.0.0.1, localhost or [::1])'],
    ['http://127.0.0.2/hook', 'must be an https URL (http only for a loopback host: 127.0.0.1, localhost or [::1])'],
    ['https://192.168.0.10/hook', 'must not point to a private address'],
    ['https://169.254.169.254/', 'must not point to a cloud metadata address'],
    ['http://user:pw@127.0.0.1:4010/hook', 'must not contain a user name or password'],
  ])('refuses %s: %s', (url, message) => {
    expect(webhookUrlRefusal(url, 'local')).toBe(message);
  });
});
