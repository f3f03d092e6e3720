//! Who is asking: the client's address, from the socket, or from `X-Forwarded-For` when (and
//! only when) the socket's peer is one of the bank's trusted proxies. The throttle and the
//! audit trail use the same address.

use std::net::{IpAddr, Ipv6Addr};
use std::str::FromStr;

/// An address range such as `10.0.0.0/8`, `192.0.2.7` or `2001:db8::/32`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// Whether `ip` is in the range (an IPv4-mapped IPv6 address counts as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                prefix_eq(&net.octets(), &ip.octets(), self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                prefix_eq(&net.octets(), &ip.octets(), self.prefix)
            }
            _ => false,
        }
    }
}

fn prefix_eq(a: &[u8], b: &[u8], prefix: u8) -> bool {
    let whole = usize::from(prefix / 8);
    let rest = prefix % 8;
    if a[..whole] != b[..whole] {
        return false;
    }
    rest == 0 || (a[whole] ^ b[whole]) >> (8 - rest) == 0
}

impl FromStr for IpNet {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr = canonical(
            addr.parse::<IpAddr>()
                .map_err(|_| format!("{s:?} is not an IP address or range"))?,
        );
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{s:?}: the prefix length must be 0–{max}"))?,
            None => max,
        };
        Ok(Self { addr, prefix })
    }
}

/// Parses a comma-separated list of ranges.
pub fn parse_list(text: &str) -> Result<Vec<IpNet>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(IpNet::from_str)
        .collect()
}

/// `::ffff:192.0.2.1` as `192.0.2.1`; anything else unchanged.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// The client's address: the socket's peer, or, when the peer is a trusted proxy, the
/// rightmost address in `X-Forwarded-For` that is not itself a trusted proxy (the leftmost
/// entries are whatever the client wrote, so only what the proxies appended counts). A header
/// that does not parse is ignored and the peer's address stays.
pub fn client_ip(peer: IpAddr, forwarded_for: &[&str], trusted: &[IpNet]) -> IpAddr {
    let peer = canonical(peer);
    let is_trusted = |ip: IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let hops: Option<Vec<IpAddr>> = forwarded_for
        .iter()
        .flat_map(|h| h.split(','))
        .map(|hop| hop.trim().parse::<IpAddr>().ok().map(canonical))
        .collect();
    let Some(hops) = hops else { return peer };
    hops.iter()
        .rev()
        .find(|ip| !is_trusted(**ip))
        .or(hops.first())
        .copied()
        .unwrap_or(peer)
}

/// The throttle's name for an address: itself for IPv4, its /64 for IPv6 (one subscriber
/// usually holds a whole /64).
pub fn throttle_key(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            let net = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
            format!("{net}/64")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_contain_their_addresses() {
        let net: IpNet = "10.1.0.0/16".parse().unwrap();
        assert!(net.contains(ip("10.1.200.3")));
        assert!(!net.contains(ip("10.2.0.1")));
        assert!(net.contains(ip("::ffff:10.1.0.9")));
        let one: IpNet = "192.0.2.7".parse().unwrap();
        assert!(one.contains(ip("192.0.2.7")) && !one.contains(ip("192.0.2.8")));
        let odd: IpNet = "192.0.2.0/25".parse().unwrap();
        assert!(odd.contains(ip("192.0.2.127")) && !odd.contains(ip("192.0.2.128")));
        let v6: IpNet = "2001:db8::/32".parse().unwrap();
        assert!(v6.contains(ip("2001:db8:1::1")) && !v6.contains(ip("2001:db9::1")));
        assert!("10.0.0.0/33".parse::<IpNet>().is_err());
        assert!("example.com".parse::<IpNet>().is_err());
        assert_eq!(parse_list(" 10.0.0.0/8, ::1 ,").unwrap().len(), 2);
    }

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let proxies = parse_list("10.0.0.0/8").unwrap();
        // Not from a proxy: a forged header changes nothing.
        assert_eq!(
            client_ip(ip("203.0.113.9"), &["198.51.100.1"], &proxies),
            ip("203.0.113.9")
        );
        // From the proxy: the address it appended.
        assert_eq!(
            client_ip(ip("10.0.0.2"), &["198.51.100.1"], &proxies),
            ip("198.51.100.1")
        );
        // The client wrote its own entry first: the rightmost untrusted hop wins.
        assert_eq!(
            client_ip(
                ip("10.0.0.2"),
                &["1.2.3.4, 198.51.100.1, 10.0.0.3"],
                &proxies
            ),
            ip("198.51.100.1")
        );
        // Several headers are one list.
        assert_eq!(
            client_ip(ip("10.0.0.2"), &["1.2.3.4", "198.51.100.1"], &proxies),
            ip("198.51.100.1")
        );
        // Garbage or nothing: the peer.
        assert_eq!(
            client_ip(ip("10.0.0.2"), &["not-an-ip"], &proxies),
            ip("10.0.0.2")
        );
        assert_eq!(client_ip(ip("10.0.0.2"), &[], &proxies), ip("10.0.0.2"));
        // Only proxies in the chain: the first one.
        assert_eq!(
            client_ip(ip("10.0.0.2"), &["10.0.0.5"], &proxies),
            ip("10.0.0.5")
        );
    }

    #[test]
    fn ipv6_clients_are_throttled_by_their_64() {
        assert_eq!(
            throttle_key(ip("2001:db8:1:2:aaaa::1")),
            throttle_key(ip("2001:db8:1:2:bbbb::9"))
        );
        assert_ne!(
            throttle_key(ip("2001:db8:1:2::1")),
            throttle_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(throttle_key(ip("::ffff:192.0.2.1")), "192.0.2.1");
    }
}
