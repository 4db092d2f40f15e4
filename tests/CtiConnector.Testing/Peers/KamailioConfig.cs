using System.Globalization;

namespace CtiConnector.Testing.Peers;

/// <summary>
/// The kamailio.cfg that <see cref="KamailioRegistrar"/> writes: a digest-authenticating registrar that also proxies
/// calls between its registered users (407 on INVITE, Record-Route, location lookup).
/// </summary>
internal static class KamailioConfig
{
    public static string Registrar(int port, string directory, KamailioTlsOptions? tls = null, int tlsPort = 0)
    {
        var p = port.ToString(CultureInfo.InvariantCulture);
        var tlsListen = tls is null ? string.Empty : $"enable_tls=yes\nlisten=tls:127.0.0.1:{tlsPort.ToString(CultureInfo.InvariantCulture)}";
        var tlsModule = tls is null ? string.Empty : $$"""
            loadmodule "tls.so"
            modparam("tls", "certificate", "{{tls.CertificateFile}}")
            modparam("tls", "private_key", "{{tls.PrivateKeyFile}}")
            modparam("tls", "tls_method", "TLSv1.2+")
            modparam("tls", "verify_certificate", 0)
            modparam("tls", "require_certificate", 0)
            """;
        var tlsAlias = tls is null ? string.Empty : """
                # TLS clients are reached over the connection they opened (RFC 5923): its sent-by becomes an alias of it.
                if (proto == TLS) {
                    force_tcp_alias();
                }
            """;
        return $$"""
            #!KAMAILIO
            # Written by CtiConnector.Testing.Peers.KamailioRegistrar: a digest-authenticating registrar on loopback.
            debug=2
            log_stderror=yes
            children=2
            tcp_children=2
            dns=no
            rev_dns=no
            use_dns_cache=off
            auto_aliases=no
            listen=udp:127.0.0.1:{{p}}
            listen=tcp:127.0.0.1:{{p}}
            {{tlsListen}}
            mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"

            loadmodule "db_text.so"
            loadmodule "sl.so"
            loadmodule "tm.so"
            loadmodule "pv.so"
            loadmodule "xlog.so"
            loadmodule "textops.so"
            loadmodule "siputils.so"
            loadmodule "maxfwd.so"
            loadmodule "ctl.so"
            loadmodule "kex.so"
            loadmodule "auth.so"
            loadmodule "auth_db.so"
            loadmodule "usrloc.so"
            loadmodule "registrar.so"
            loadmodule "rr.so"
            {{tlsModule}}

            modparam("ctl", "binrpc", "unix:{{directory}}/ctl.sock")
            modparam("auth_db", "db_url", "text://{{directory}}/db")
            modparam("auth_db", "calculate_ha1", yes)
            modparam("auth_db", "password_column", "password")
            modparam("auth_db", "load_credentials", "")
            modparam("usrloc", "db_mode", 0)
            # Short lifetimes are allowed so refresh tests are quick; shorter than 2 s gets 423 Interval Too Brief.
            modparam("registrar", "min_expires", 2)
            modparam("registrar", "min_expires_mode", 1)

            request_route {
            {{tlsAlias}}
                if (is_method("OPTIONS")) {
                    xlog("L_NOTICE", "CTI-OPTIONS ci=$ci\n");
                    sl_send_reply("200", "OK");
                    exit;
                }
                if (is_method("REGISTER")) {
                    xlog("L_NOTICE", "CTI-REGISTER ci=$ci cseq=$cs expires=$hdr(Expires) proto=$pr\n");
                    if (!auth_check("$td", "subscriber", "1")) {
                        auth_challenge("$td", "1");
                        exit;
                    }
                    consume_credentials();
                    if (!save("location", "0x04")) {
                        sl_reply_error();
                    }
                    exit;
                }
                # In-dialog requests follow their Route set (RFC 3261 §16.12).
                if (has_totag()) {
                    if (loose_route()) {
                        t_relay();
                        exit;
                    }
                    if (is_method("ACK")) {
                        if (t_check_trans()) {
                            t_relay();
                        }
                        exit;
                    }
                    sl_send_reply("404", "Not Here");
                    exit;
                }
                if (is_method("CANCEL")) {
                    if (t_check_trans()) {
                        t_relay();
                    }
                    exit;
                }
                if (is_method("ACK")) {
                    exit;
                }
                xlog("L_NOTICE", "CTI-REQUEST method=$rm ci=$ci\n");
                if (!auth_check("$fd", "subscriber", "1")) {
                    auth_challenge("$fd", "1");
                    exit;
                }
                consume_credentials();
                record_route();
                if (!lookup("location")) {
                    sl_send_reply("404", "Not Found");
                    exit;
                }
                t_relay();
            }
            """;
    }
}
