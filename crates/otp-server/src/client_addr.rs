//! Who is asking: the client's address, from the socket, or from `X-Forwarded-For` when (and
//! only when) the socket's peer is one of the bank's trusted proxies. The throttle and the
//! audit trail use the same address.

use std::net::{IpAddr, Ipv6Addr};

/// An address range such as `10.0.0.0/8`, `192.0.2.7` (one address) or `2001:db8::/32`.
pub use ipnet::IpNet;

/// Whether `ip` is in `net` (an IPv4-mapped IPv6 address counts as IPv4).
pub fn in_range(net: &IpNet, ip: IpAddr) -> bool {
    net.contains(&canonical(ip))
}

/// A range as the configuration writes it: CIDR, or one address (its whole-length prefix).
pub fn parse_range(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    let net = match text.contains('/') {
        true => text.parse::<IpNet>().map_err(|_| {
            format!("{text:?} is not an address range (the prefix length: 0–32, or 0–128 for IPv6)")
        })?,
        false => IpNet::from(
            text.parse::<IpAddr>()
                .map_err(|_| format!("{text:?} is not an IP address or range"))?,
        ),
    };
    // `::ffff:10.0.0.0/104` is the IPv4 range it maps.
    Ok(match net {
        IpNet::V6(v6) if v6.prefix_len() >= 96 => match v6.addr().to_ipv4_mapped() {
            Some(v4) => IpNet::new(IpAddr::V4(v4), v6.prefix_len() - 96).unwrap_or(net),
            None => net,
        },
        other => other,
    })
}

/// Parses a comma-separated list of ranges.
pub fn parse_list(text: &str) -> Result<Vec<IpNet>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(parse_range)
        .collect()
}

/// `::ffff:192.0.2.1` as `192.0.2.1`; anything else unchanged.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// One entry of `X-Forwarded-For` as proxies write it: an address, `ip:port` or
/// `[v6]:port` (or `[v6]`); `None` when it is none of those.
fn parse_hop(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim().trim_matches('"');
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Ok(socket) = entry.parse::<std::net::SocketAddr>() {
        return Some(canonical(socket.ip()));
    }
    let bracketed = entry.strip_prefix('[')?.strip_suffix(']')?;
    bracketed
        .parse::<Ipv6Addr>()
        .ok()
        .map(|v6| canonical(IpAddr::V6(v6)))
}

/// The client's address, `None` when it is unknown.
///
/// From an untrusted peer, the peer itself (whatever it wrote in the header). From one of the
/// bank's trusted proxies, `X-Forwarded-For` (all its headers as one list) walked from the
/// right, the end the proxies append to: trusted hops are skipped, and the first other entry
/// is the client's. That entry is what a trusted proxy wrote, so if it does not parse the
/// client is unknown (a bucket of its own, never the proxy's); entries further left are the
/// client's own writing and are never read. A chain of trusted hops only names its leftmost;
/// an empty header leaves the peer.
pub fn client_ip(peer: IpAddr, forwarded_for: &[&str], trusted: &[IpNet]) -> Option<IpAddr> {
    let peer = canonical(peer);
    let is_trusted = |ip: IpAddr| trusted.iter().any(|net| in_range(net, ip));
    if !is_trusted(peer) {
        return Some(peer);
    }
    let mut leftmost = peer;
    let entries = forwarded_for.iter().rev().flat_map(|h| h.rsplit(','));
    for entry in entries.filter(|e| !e.trim().is_empty()) {
        match parse_hop(entry) {
            Some(ip) if is_trusted(ip) => leftmost = ip,
            Some(ip) => return Some(ip),
            None => return None,
        }
    }
    Some(leftmost)
}

/// The throttle's name for an address: itself for IPv4, its /64 for IPv6 (one subscriber
/// usually holds a whole /64).
pub fn throttle_key(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => ipnet::Ipv6Net::new(v6, 64)
            .expect("64 is a valid IPv6 prefix")
            .trunc()
            .to_string(),
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
        let range = |s: &str| parse_range(s).unwrap();
        let net = range("10.1.0.0/16");
        assert!(in_range(&net, ip("10.1.200.3")));
        assert!(!in_range(&net, ip("10.2.0.1")));
        assert!(in_range(&net, ip("::ffff:10.1.0.9")));
        let one = range("192.0.2.7");
        assert!(in_range(&one, ip("192.0.2.7")) && !in_range(&one, ip("192.0.2.8")));
        let odd = range("192.0.2.0/25");
        assert!(in_range(&odd, ip("192.0.2.127")) && !in_range(&odd, ip("192.0.2.128")));
        let v6 = range("2001:db8::/32");
        assert!(in_range(&v6, ip("2001:db8:1::1")) && !in_range(&v6, ip("2001:db9::1")));
        let mapped = range("::ffff:10.0.0.0/104");
        assert_eq!(mapped, range("10.0.0.0/8"));
        assert!(in_range(&mapped, ip("10.9.9.9")));
        assert!(parse_range("10.0.0.0/33").is_err());
        assert!(parse_range("example.com").is_err());
        assert!(parse_range("10.0.0.0/x").is_err());
        assert_eq!(parse_list(" 10.0.0.0/8, ::1 ,").unwrap().len(), 2);
    }

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let proxies = parse_list("10.0.0.0/8").unwrap();
        let from_proxy = |headers: &[&str]| client_ip(ip("10.0.0.2"), headers, &proxies);
        // Not from a proxy: a forged header changes nothing.
        assert_eq!(
            client_ip(ip("203.0.113.9"), &["198.51.100.1"], &proxies),
            Some(ip("203.0.113.9"))
        );
        // From the proxy: the address it appended.
        assert_eq!(from_proxy(&["198.51.100.1"]), Some(ip("198.51.100.1")));
        // The client wrote its own entry first: the rightmost untrusted hop wins.
        assert_eq!(
            from_proxy(&["1.2.3.4, 198.51.100.1, 10.0.0.3"]),
            Some(ip("198.51.100.1"))
        );
        // Several headers are one list.
        assert_eq!(
            from_proxy(&["1.2.3.4", "198.51.100.1"]),
            Some(ip("198.51.100.1"))
        );
        // Nothing: the peer. Only proxies in the chain: the leftmost of them.
        assert_eq!(from_proxy(&[]), Some(ip("10.0.0.2")));
        assert_eq!(from_proxy(&[" , "]), Some(ip("10.0.0.2")));
        assert_eq!(from_proxy(&["10.0.0.5, 10.0.0.7"]), Some(ip("10.0.0.5")));
    }

    #[test]
    fn a_bad_entry_left_of_the_clients_never_erases_it() {
        let proxies = parse_list("10.0.0.0/8").unwrap();
        let from_proxy = |headers: &[&str]| client_ip(ip("10.0.0.2"), headers, &proxies);
        // What the client wrote is never read: the proxy's entry stands.
        for written in ["bogus", "", "1.2.3.4:99999", "[::1", "999.1.1.1", "unknown"] {
            assert_eq!(
                from_proxy(&[&format!("{written}, 198.51.100.1")]),
                Some(ip("198.51.100.1")),
                "{written:?}"
            );
        }
        assert_eq!(
            from_proxy(&["bogus", "198.51.100.1, 10.0.0.3"]),
            Some(ip("198.51.100.1"))
        );
        // The client's own entry does not parse: unknown, never the proxy.
        assert_eq!(from_proxy(&["198.51.100.1, bogus"]), None);
        assert_eq!(from_proxy(&["bogus, 10.0.0.3"]), None);
    }

    #[test]
    fn entries_with_ports_and_brackets_are_addresses() {
        let proxies = parse_list("10.0.0.0/8, 2001:db8:ffff::/48").unwrap();
        let from_proxy = |headers: &[&str]| client_ip(ip("10.0.0.2"), headers, &proxies);
        assert_eq!(
            from_proxy(&["198.51.100.1:51234"]),
            Some(ip("198.51.100.1"))
        );
        assert_eq!(
            from_proxy(&["[2001:db8:1::7]:443"]),
            Some(ip("2001:db8:1::7"))
        );
        assert_eq!(from_proxy(&["[2001:db8:1::7]"]), Some(ip("2001:db8:1::7")));
        assert_eq!(from_proxy(&["2001:db8:1::7"]), Some(ip("2001:db8:1::7")));
        assert_eq!(
            from_proxy(&["\"198.51.100.1:80\""]),
            Some(ip("198.51.100.1"))
        );
        // Trusted hops with ports are skipped like any other.
        assert_eq!(
            from_proxy(&["198.51.100.1:1, 10.0.0.3:8080, [2001:db8:ffff::1]:80"]),
            Some(ip("198.51.100.1"))
        );
        // Two customers behind a proxy that writes ports stay two addresses.
        assert_ne!(
            from_proxy(&["198.51.100.1:1000"]),
            from_proxy(&["198.51.100.2:1000"])
        );
        assert_eq!(
            from_proxy(&["::ffff:198.51.100.1"]),
            Some(ip("198.51.100.1"))
        );
    }

    #[test]
    fn many_hops_are_walked_to_the_first_untrusted() {
        let proxies = parse_list("10.0.0.0/8").unwrap();
        let mut chain: Vec<String> = vec!["1.1.1.1".into(), "198.51.100.9".into()];
        chain.extend((1..=50).map(|i| format!("10.0.{i}.1")));
        let header = chain.join(", ");
        assert_eq!(
            client_ip(ip("10.0.0.2"), &[&header], &proxies),
            Some(ip("198.51.100.9"))
        );
        // Everything trusted: the leftmost hop.
        let all: Vec<String> = (1..=50).map(|i| format!("10.0.{i}.1")).collect();
        assert_eq!(
            client_ip(ip("10.0.0.2"), &[&all.join(",")], &proxies),
            Some(ip("10.0.1.1"))
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
