/**
 * Certificates made for a test: a certificate authority of its own, and server certificates it signs
 * for loopback names. Keys come from `node:crypto`; `node-forge` writes the X.509 certificates, which
 * Node cannot.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto"
import forge from "node-forge"

/** A key pair as `node-forge` reads it, and the same private key as PEM. */
const keyPair = () => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" }
  })
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    privateKey: forge.pki.privateKeyFromPem(privateKey),
    privateKeyPem: privateKey
  }
}

const validity = (certificate: forge.pki.Certificate) => {
  certificate.serialNumber = `01${randomBytes(8).toString("hex")}`
  certificate.validity.notBefore = new Date(Date.now() - 60_000)
  certificate.validity.notAfter = new Date(Date.now() + 24 * 60 * 60 * 1000)
}

/** A server's key and certificate, in PEM. */
export interface ServerCertificate {
  readonly key: string
  readonly cert: string
}

/** A certificate authority of the test's own. */
export interface TestAuthority {
  /** Its certificate, in PEM: what a client is to trust. */
  readonly cert: string
  /** A certificate for `localhost`, `127.0.0.1` and `::1`, signed by this authority. */
  readonly issueLoopback: () => ServerCertificate
}

/** A new certificate authority named `name`. */
export const makeAuthority = (name: string): TestAuthority => {
  const authority = keyPair()
  const certificate = forge.pki.createCertificate()
  certificate.publicKey = authority.publicKey
  validity(certificate)
  const subject = [{ name: "commonName", value: name }]
  certificate.setSubject(subject)
  certificate.setIssuer(subject)
  certificate.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" }
  ])
  certificate.sign(authority.privateKey, forge.md.sha256.create())
  return {
    cert: forge.pki.certificateToPem(certificate),
    issueLoopback: () => {
      const server = keyPair()
      const issued = forge.pki.createCertificate()
      issued.publicKey = server.publicKey
      validity(issued)
      issued.setSubject([{ name: "commonName", value: "localhost" }])
      issued.setIssuer(subject)
      issued.setExtensions([
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
        { name: "extKeyUsage", serverAuth: true },
        {
          name: "subjectAltName",
          altNames: [
            { type: 2, value: "localhost" },
            { type: 7, ip: "127.0.0.1" },
            { type: 7, ip: "::1" }
          ]
        },
        {
          name: "authorityKeyIdentifier",
          keyIdentifier: certificate.generateSubjectKeyIdentifier().getBytes()
        }
      ])
      issued.sign(authority.privateKey, forge.md.sha256.create())
      return { key: server.privateKeyPem, cert: forge.pki.certificateToPem(issued) }
    }
  }
}
