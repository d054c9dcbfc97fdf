//! Which addresses a fetch may reach.
//!
//! A server deployment fetches URLs that users and feeds hand it, so without a guard it could
//! be made to reach internal services (a cloud metadata endpoint, a database on loopback, a
//! router's admin page). [`AddressPolicy`] refuses private, loopback, link-local and other
//! non-public addresses unless the configuration allows them. It is applied twice:
//! - to an IP address written in a URL, before every request (the first and each redirect);
//! - to every address DNS gives for a host name, inside the resolver the HTTP client uses,
//!   so the connection can only go to an address that passed (no window between the check
//!   and the connection for a rebinding DNS server to exploit).

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// Which addresses may be fetched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    /// Allow every non-public address (a laptop watching a feed on its own network).
    pub allow_private: bool,
    /// Non-public addresses allowed one by one (a known internal feed server; the loopback
    /// test server).
    pub allowed: Vec<IpAddr>,
}

impl AddressPolicy {
    /// Whether a connection to `ip` is allowed.
    pub fn permits(&self, ip: IpAddr) -> bool {
        self.allow_private || is_public(ip) || self.allowed.contains(&canonical_ip(ip))
    }
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is judged as the IPv4 address.
fn canonical_ip(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(v6),
        },
        v4 => v4,
    }
}

/// Whether an address is on the public internet: not private, loopback, link-local, shared
/// (carrier-grade NAT), multicast, broadcast, documentation, benchmarking, reserved or
/// unspecified, in IPv4 or IPv6 (mapped, NAT64 and 6to4 forms judged by the IPv4 inside).
pub fn is_public(ip: IpAddr) -> bool {
    match canonical_ip(ip) {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_unspecified()
        || a == 0
        // shared address space (RFC 6598)
        || (a == 100 && (64..128).contains(&b))
        // IETF protocol assignments (RFC 6890)
        || (a == 192 && b == 0 && c == 0)
        // benchmarking (RFC 2544)
        || (a == 198 && (18..20).contains(&b))
        // reserved, class E
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let segments = ip.segments();
    if ip.is_loopback() || ip.is_unspecified() || ip.is_multicast() {
        return false;
    }
    // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address.
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return is_public_v4(Ipv4Addr::from(
            (u32::from(segments[6]) << 16) | u32::from(segments[7]),
        ));
    }
    if segments[0] == 0x2002 {
        return is_public_v4(Ipv4Addr::from(
            (u32::from(segments[1]) << 16) | u32::from(segments[2]),
        ));
    }
    // IPv4-compatible (deprecated) ::a.b.c.d
    if segments[..6] == [0; 6] {
        return false;
    }
    let first = segments[0];
    !((first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link-local
        || (first & 0xffc0) == 0xfec0 // site-local (deprecated)
        || (first == 0x2001 && segments[1] == 0x0db8) // documentation
        || (first == 0x2001 && segments[1] < 0x0200) // IETF protocol assignments, Teredo
        || first == 0x0100 && segments[1..4] == [0, 0, 0]) // discard-only
}

/// The resolver the HTTP client uses: the system's, or a fixed address for the names the
/// configuration maps (tests, a bench, a split-horizon setup), and either way only the
/// addresses the policy permits.
pub(crate) struct GuardedResolver {
    pub(crate) policy: AddressPolicy,
    pub(crate) overrides: Arc<HashMap<String, IpAddr>>,
}

/// Why a name gave no address to connect to.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("{host} resolves only to addresses that are not public ({addresses}); refused")]
    Forbidden { host: String, addresses: String },
    #[error("{host} has no address")]
    NoAddress { host: String },
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().trim_end_matches('.').to_ascii_lowercase();
        let policy = self.policy.clone();
        let fixed = self.overrides.get(&host).copied();
        Box::pin(async move {
            let found: Vec<SocketAddr> = match fixed {
                Some(ip) => vec![SocketAddr::new(ip, 0)],
                None => tokio::net::lookup_host((host.as_str(), 0)).await?.collect(),
            };
            if found.is_empty() {
                return Err(Box::new(ResolveError::NoAddress { host }) as _);
            }
            let (allowed, refused): (Vec<SocketAddr>, Vec<SocketAddr>) =
                found.into_iter().partition(|a| policy.permits(a.ip()));
            if allowed.is_empty() {
                let addresses = refused
                    .iter()
                    .map(|a| a.ip().to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(Box::new(ResolveError::Forbidden { host, addresses }) as _);
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn internal_addresses_are_not_public() {
        for s in [
            "127.0.0.1",
            "127.9.9.9",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.1",
            "198.18.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
            "2001:db8::1",
            "::127.0.0.1",
        ] {
            assert!(!is_public(ip(s)), "{s} should not be public");
        }
        for s in [
            "93.184.216.34",
            "8.8.8.8",
            "1.1.1.1",
            "2606:4700:4700::1111",
            "2a00:1450:4001:80b::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ] {
            assert!(is_public(ip(s)), "{s} should be public");
        }
    }

    #[test]
    fn the_policy_allows_exceptions_one_by_one_or_all() {
        let strict = AddressPolicy::default();
        assert!(!strict.permits(ip("127.0.0.1")));
        assert!(strict.permits(ip("8.8.8.8")));
        let one = AddressPolicy {
            allow_private: false,
            allowed: vec![ip("127.0.0.1")],
        };
        assert!(one.permits(ip("127.0.0.1")));
        assert!(one.permits(ip("::ffff:127.0.0.1")));
        assert!(!one.permits(ip("127.0.0.2")));
        assert!(!one.permits(ip("169.254.169.254")));
        let all = AddressPolicy {
            allow_private: true,
            allowed: Vec::new(),
        };
        assert!(all.permits(ip("10.0.0.1")));
    }

    #[tokio::test]
    async fn the_resolver_refuses_names_of_internal_addresses() {
        let overrides: HashMap<String, IpAddr> = [
            ("inside.test".to_string(), ip("10.0.0.7")),
            ("outside.test".to_string(), ip("93.184.216.34")),
        ]
        .into_iter()
        .collect();
        let resolver = GuardedResolver {
            policy: AddressPolicy::default(),
            overrides: Arc::new(overrides),
        };
        let name = |s: &str| s.parse::<Name>().unwrap();
        let refused = resolver.resolve(name("inside.test")).await;
        let message = refused.err().unwrap().to_string();
        assert!(message.contains("10.0.0.7"), "{message}");
        let addrs: Vec<SocketAddr> = resolver
            .resolve(name("Outside.test."))
            .await
            .unwrap()
            .collect();
        assert_eq!(addrs, [SocketAddr::new(ip("93.184.216.34"), 0)]);
        // The system resolver's answer for localhost is checked too.
        assert!(resolver.resolve(name("localhost")).await.is_err());
    }
}
