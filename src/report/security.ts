// The rules whose findings mean that mTLS, workload identity or authorization does not hold as
// written. SARIF gives them a `security-severity` (GitHub's scale: 9.0 and above critical, 7.0
// high, 4.0 medium, below 4.0 low) and the `security` tag; GitLab's report ranks their errors
// critical. Rules whose failure only refuses traffic (a policy that denies too much, a gateway
// that cannot be reached) are availability problems and are not listed. Ids of the catalogue
// that have no rule yet are listed too, so the rule gets its score when it lands.

export const SECURITY_SEVERITY: Readonly<Record<string, number>> = {
  // Emissary outside the mesh: no hop from the edge into the mesh is mTLS.
  'emissary-meshed': 8.0,
  // Linkerd 2.8, and ingress mode on 2.11-2.12: requests forwarded without mTLS.
  'linkerd-headers': 7.0,
  // One hop from Emissary to unmeshed pods is not mTLS.
  'backend-meshed': 5.5,
  // Another mesh's sidecar on Emissary takes the traffic Linkerd would encrypt.
  'emissary-single-mesh': 6.0,
  // The source cluster checks the gateway against a wrong identity.
  'gateway-identity': 7.5,
  // Identity not required on the gateway port (defence in depth).
  'gateway-require-identity': 5.0,
  // Ingress mode trusts a client's l5d-dst-override unless Emissary strips it.
  'emissary-ingress-mode': 4.0,
  // A client chooses the destination inside the mesh (an open relay).
  'ingress-dst-override-strip': 8.5,
  // An unknown default inbound policy is ignored: the cluster default applies instead.
  'policy-value': 6.5,
  // A MeshTLSAuthentication identity that names no workload, or the wrong trust domain.
  'policy-identity-unknown': 5.0,
};

export function securitySeverity(ruleId: string): number | undefined {
  return SECURITY_SEVERITY[ruleId];
}
