package io.twisted.names.server;

import io.twisted.names.zone.Zone;

/** Zones shared by the server tests. */
final class TestZones {

    static final String EXAMPLE = """
            $ORIGIN example.com.
            $TTL 3600
            @   IN SOA ns1 hostmaster ( 2024010101 7200 900 1209600 300 )
                IN NS  ns1
                IN MX  10 mail
                IN TXT "v=spf1 -all"
            ns1 IN A 192.0.2.53
            www IN A 192.0.2.1
                IN AAAA 2001:db8::1
            mail IN A 192.0.2.25
            alias IN CNAME www
            alias2 IN CNAME alias
            out IN CNAME www.example.org.
            loop1 IN CNAME loop2
            loop2 IN CNAME loop1
            *.wild IN A 192.0.2.99
            *.wild IN MX 5 mail
            wcname.wild IN TXT "explicit"
            a.b.ent IN A 192.0.2.7
            _sip._tcp IN SRV 10 60 5060 www
            dn IN DNAME example.net.
            dn2 IN DNAME wild
            dn3 IN DNAME %3$s.example.com.
            sub IN NS ns.sub
            sub IN NS ns.elsewhere.org.
            ns.sub IN A 192.0.2.200
            big IN TXT "%1$s" "%1$s" "%1$s"
            big IN TXT "%2$s" "%2$s" "%2$s"
            """.formatted("x".repeat(150), "y".repeat(150), "l".repeat(50));

    static Zone example() {
        return Zone.fromMasterText(EXAMPLE, null);
    }

    private TestZones() {
    }
}
