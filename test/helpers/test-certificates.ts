/**
 * A throwaway certificate authority and a server certificate it signed (for `127.0.0.1`), made at test time with the
 * `openssl` command into a temporary directory: a TLS test trusts the CA explicitly (a child process through
 * `NODE_EXTRA_CA_CERTS`), so certificate validation stays on. Nothing is committed; undefined where `openssl` is absent.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The files and PEM texts of one generated CA and server certificate. */
export interface TestCertificates {
  /** The CA certificate's file (what a client is told to trust). */
  readonly caPath: string;
  /** The server's private key and certificate (PEM). */
  readonly key: string;
  readonly cert: string;
  /** Deletes the directory. */
  remove(): void;
}

/** Why {@link makeTestCertificates} cannot run here, or undefined when it can. */
export function certificatesUnavailable(): string | undefined {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return undefined;
  } catch {
    return "the openssl command is not installed: the TLS test needs it to make a throwaway CA";
  }
}

/** Makes a P-256 CA and a server certificate for the IP 127.0.0.1 signed by it, valid for a day. */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "hh-tls-"));
  const at = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => void execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl("req", "-x509", ...ec, "-keyout", at("ca.key"), "-out", at("ca.pem"), "-days", "1", "-subj", "/CN=honeyhive test CA",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
  openssl("req", ...ec, "-keyout", at("server.key"), "-out", at("server.csr"), "-subj", "/CN=127.0.0.1");
  writeFileSync(at("server.ext"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
  openssl("x509", "-req", "-in", at("server.csr"), "-CA", at("ca.pem"), "-CAkey", at("ca.key"), "-CAcreateserial", "-days", "1",
    "-extfile", at("server.ext"), "-out", at("server.pem"));
  return {
    caPath: at("ca.pem"),
    key: readFileSync(at("server.key"), "utf8"),
    cert: readFileSync(at("server.pem"), "utf8"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
