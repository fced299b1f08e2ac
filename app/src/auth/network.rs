//! Where a request comes from: the caller's address behind trusted proxies, and the one
//! public origin Dealflow's pages are served from.
use http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

/// An address or a network (`10.0.0.1`, `10.0.0.0/8`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Network {
    base: IpAddr,
    prefix: u8,
}

impl Network {
    fn parse(raw: &str) -> Option<Network> {
        let (addr, prefix) = match raw.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix.parse::<u8>().ok()?)),
            None => (raw, None),
        };
        let base = addr.parse::<IpAddr>().ok()?.to_canonical();
        let width = if base.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(width);
        (prefix <= width).then_some(Network { base, prefix })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        match (self.base, ip.to_canonical()) {
            (IpAddr::V4(base), IpAddr::V4(ip)) => {
                leading_bits(u32::from(base).into(), self.prefix, 32)
                    == leading_bits(u32::from(ip).into(), self.prefix, 32)
            }
            (IpAddr::V6(base), IpAddr::V6(ip)) => {
                leading_bits(base.into(), self.prefix, 128)
                    == leading_bits(ip.into(), self.prefix, 128)
            }
            _ => false,
        }
    }
}

/// The first `prefix` bits of a `width`-bit address.
fn leading_bits(value: u128, prefix: u8, width: u32) -> u128 {
    match u32::from(prefix) {
        0 => 0,
        p => value >> (width - p),
    }
}

/// The proxies whose `X-Forwarded-For` is believed (`DEALFLOW_TRUSTED_PROXY`); none by
/// default, since anyone can send that header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Network>);

impl TrustedProxies {
    /// Addresses or networks separated by commas: `10.0.0.1, 192.168.0.0/16, ::1`.
    pub fn parse(raw: &str) -> Result<TrustedProxies, String> {
        raw.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                Network::parse(entry).ok_or_else(|| {
                    format!(
                        "'{entry}' is not an IP address or network; list proxies like 10.0.0.1 or 10.0.0.0/8, separated by commas"
                    )
                })
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(ip))
    }

    /// The caller's address: the connection's peer, or, when the peer is a trusted proxy,
    /// the nearest address in `X-Forwarded-For` that is not one (read from the right,
    /// since a client can put anything at the left of that header).
    pub fn client_address(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut caller = peer.to_canonical();
        let hops = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .collect::<Vec<_>>();
        for hop in hops.into_iter().rev() {
            if !self.trusts(caller) {
                break;
            }
            match forwarded_address(hop.trim()) {
                Some(ip) => caller = ip,
                None => break,
            }
        }
        caller
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`[::1]:443`, `1.2.3.4:80`).
fn forwarded_address(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

/// The address people open Dealflow at (`DEALFLOW_PUBLIC_URL`), kept as the origin a
/// browser names in its `Origin` header: scheme and host, and the port unless it is the
/// scheme's default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOrigin(String);

impl PublicOrigin {
    pub fn parse(raw: &str) -> Result<PublicOrigin, String> {
        origin_of(raw.trim().trim_end_matches('/')).map(PublicOrigin).ok_or_else(|| {
            format!(
                "'{raw}' is not a public address; give the scheme and host people open, like https://crm.example.com or http://10.0.0.5:3000, without a path"
            )
        })
    }

    /// Whether an `Origin` header names this origin.
    pub fn admits(&self, origin: &str) -> bool {
        origin_of(origin).is_some_and(|origin| origin == self.0)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `scheme://host[:port]` in lower case without the default port, or `None` for anything
/// else (a path, a user name, another scheme, `null`).
fn origin_of(raw: &str) -> Option<String> {
    let (scheme, authority) = raw.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => "80",
        "https" => "443",
        _ => return None,
    };
    let authority = authority.to_ascii_lowercase();
    if authority.is_empty() || authority.contains(['/', '?', '#', '@', ' ']) {
        return None;
    }
    // The port follows the last colon, unless that colon is inside an IPv6 `[...]`.
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (authority.as_str(), None),
    };
    let bracketed = host.starts_with('[') && host.ends_with(']');
    if host.is_empty() || (host.contains(':') && !bracketed) {
        return None;
    }
    let host = match port {
        None => host.to_string(),
        Some(port) if port == default_port => host.to_string(),
        Some(port) if port.parse::<u16>().is_ok() => format!("{host}:{port}"),
        Some(_) => return None,
    };
    Some(format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(raw: &str) -> IpAddr {
        raw.parse().unwrap()
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().unwrap());
        headers
    }

    #[test]
    fn proxies_are_addresses_or_networks() {
        let proxies = TrustedProxies::parse("10.0.0.1, 192.168.0.0/16,::1").unwrap();
        let cases = [
            ("10.0.0.1", true),
            ("10.0.0.2", false),
            ("192.168.44.7", true),
            ("192.169.0.1", false),
            ("::1", true),
            ("::ffff:10.0.0.1", true),
            ("::2", false),
        ];
        for (addr, trusted) in cases {
            assert_eq!(proxies.trusts(ip(addr)), trusted, "{addr}");
        }
        assert!(TrustedProxies::parse("0.0.0.0/0")
            .unwrap()
            .trusts(ip("8.8.8.8")));
        assert_eq!(
            TrustedProxies::parse("").unwrap(),
            TrustedProxies::default()
        );
        for bad in ["10.0.0", "10.0.0.0/33", "proxy.local", "::/129"] {
            assert!(TrustedProxies::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let cases = [
            // Straight from the internet: the header is whatever the caller wrote.
            ("203.0.113.9", "198.51.100.1", "203.0.113.9"),
            ("10.0.0.1", "198.51.100.1", "198.51.100.1"),
            // The caller's own left-most entries are never reached past an untrusted hop.
            ("10.0.0.1", "1.1.1.1, 198.51.100.1", "198.51.100.1"),
            ("10.0.0.1", "198.51.100.1, 10.0.0.7", "198.51.100.1"),
            ("10.0.0.1", "198.51.100.1:4431", "198.51.100.1"),
            ("10.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
            // A garbled entry stops the walk at the last hop that could be read.
            ("10.0.0.1", "198.51.100.1, garbage", "10.0.0.1"),
            ("10.0.0.1", "10.0.0.2", "10.0.0.2"),
        ];
        for (peer, header, expected) in cases {
            assert_eq!(
                proxies.client_address(ip(peer), &forwarded(header)),
                ip(expected),
                "{peer} {header}"
            );
        }
        assert_eq!(
            TrustedProxies::default().client_address(ip("10.0.0.1"), &forwarded("1.2.3.4")),
            ip("10.0.0.1"),
            "no proxies trusted by default"
        );
    }

    #[test]
    fn the_public_origin_is_scheme_host_and_port() {
        let cases = [
            ("https://CRM.example.com/", Some("https://crm.example.com")),
            (
                "https://crm.example.com:443",
                Some("https://crm.example.com"),
            ),
            ("http://crm.example.com:80", Some("http://crm.example.com")),
            ("http://10.0.0.5:3000", Some("http://10.0.0.5:3000")),
            ("http://[::1]:3000", Some("http://[::1]:3000")),
            ("https://crm.example.com/dealflow", None),
            ("crm.example.com", None),
            ("ftp://crm.example.com", None),
            ("https://user@crm.example.com", None),
            ("https://crm.example.com:port", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                PublicOrigin::parse(raw)
                    .ok()
                    .as_ref()
                    .map(PublicOrigin::as_str),
                expected,
                "{raw}"
            );
        }
    }

    #[test]
    fn only_the_public_origin_is_admitted() {
        let public = PublicOrigin::parse("https://crm.example.com").unwrap();
        assert!(public.admits("https://crm.example.com"));
        assert!(public.admits("https://crm.example.com:443"));
        for other in [
            "http://crm.example.com",
            "https://crm.example.com:8443",
            "https://evil.example",
            "https://crm.example.com.evil.example",
            "null",
            "",
        ] {
            assert!(!public.admits(other), "{other}");
        }
    }
}
