// The ranges of IP address literals a webhook may not reach, in the spellings a URL or a DNS answer gives them.
import { describe, expect, it } from 'vitest';
import { type AddressRange, classifyAddress } from '#domain/network-address.ts';

/** The host as the WHATWG URL parser normalises it, then classified: what the webhook URL rule sees. */
function rangeOfUrlHost(host: string): AddressRange | undefined {
  return classifyAddress(new URL(`https://${host}/hook`).hostname);
}

describe('classifyAddress', () => {
  it.each<[string, AddressRange]>([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.0.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['172.15.255.255', 'public'],
    ['172.32.0.1', 'public'],
    ['100.63.255.255', 'public'],
    ['100.128.0.1', 'public'],
    ['169.253.0.1', 'public'],
    ['203.0.113.10', 'public'],
    ['8.8.8.8', 'public'],
  ])('IPv4 %s is %s', (address, range) => {
    expect(classifyAddress(address)).toBe(range);
  });

  it.each<[string, AddressRange]>([
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fec0::1', 'private'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:0:0', 'unspecified'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
    ['2002:cb00:710a::1', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['2001:db8::1', 'public'],
    ['2a00:1450:4001:80b::200e', 'public'],
  ])('IPv6 %s is %s', (address, range) => {
    expect(classifyAddress(address)).toBe(range);
  });

  it.each([
    'fb.example',
    'localhost',
    '1.2.3',
    '256.1.1.1',
    '01.2.3.4',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    'fe80::1%eth0',
    '',
  ])('reads %j as no address', (text) => {
    expect(classifyAddress(text)).toBeUndefined();
  });
});

describe('hosts of URLs, as the URL parser normalises them', () => {
  it.each<[string, AddressRange]>([
    ['0x7f.1', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['2130706433', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['127.1', 'loopback'],
    ['0', 'unspecified'],
    ['0x0a.0.0.1', 'private'],
    ['012.0.0.1', 'private'],
    ['167772161', 'private'],
    ['0xa9.0xfe.0xa9.0xfe', 'metadata'],
    ['0251.0376.0251.0376', 'metadata'],
    ['2852039166', 'metadata'],
    ['0xc0a80001', 'private'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['[::ffff:169.254.169.254]', 'metadata'],
    ['[0:0:0:0:0:ffff:7f00:0001]', 'loopback'],
    ['[0000::1]', 'loopback'],
    ['[FD00:EC2::254]', 'metadata'],
    ['[fe80::abcd]', 'link-local'],
    ['100.64.1.1', 'shared'],
  ])('%s is %s', (host, range) => {
    expect(rangeOfUrlHost(host)).toBe(range);
  });
});
