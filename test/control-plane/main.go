// control-plane runs a real kube-apiserver, with etcd embedded in the same
// process, on 127.0.0.1 for driftwatch's cluster test tier.
//
//	control-plane --dir DIR [--port N] [--stop-on-stdin-eof]
//
// It writes DIR/kubeconfig (contexts "admin", current, and "viewer"), then
// DIR/ready once the API answers, and runs until SIGTERM or SIGINT (or, with
// --stop-on-stdin-eof, until its stdin closes), when it stops the API server
// and etcd. etcd's data, the certificates, tokens and kubeconfig stay in DIR:
// started again on the same DIR (and --port), it serves the same objects to
// the same kubeconfig, like a restarted real control plane. Deleting DIR/etcd
// before a start gives a fresh etcd (a new resourceVersion history).
package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/client-go/util/cert"
	"k8s.io/client-go/util/keyutil"
	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

const (
	host          = "127.0.0.1"
	viewerGroup   = "driftwatch:viewers"
	viewerRole    = "driftwatch-viewer"
	readyDeadline = 3 * time.Minute
	// How long a graceful shutdown may take before the process exits anyway.
	shutdownGrace = 30 * time.Second
)

func main() {
	flags := flag.NewFlagSet("control-plane", flag.ExitOnError)
	dir := flags.String("dir", "", "state directory (kubeconfig, ready, certificates, etcd data)")
	port := flags.Int("port", 0, "API server port on 127.0.0.1 (0 picks a free one)")
	stopOnStdinEOF := flags.Bool("stop-on-stdin-eof", false, "also stop when stdin closes, so a parent that dies cannot leave the server running")
	_ = flags.Parse(os.Args[1:])
	if *dir == "" {
		fail(errors.New("--dir is required"))
	}
	if err := os.MkdirAll(*dir, 0o700); err != nil {
		fail(err)
	}
	etcdDir := filepath.Join(*dir, "etcd")
	// A previous run's ready file would announce this run before it answers.
	if err := os.Remove(filepath.Join(*dir, "ready")); err != nil && !errors.Is(err, os.ErrNotExist) {
		fail(err)
	}

	// Created first because it installs the process's one signal handler, whose
	// context stops the API server; ours below only bounds the shutdown.
	command := app.NewAPIServerCommand()
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-signals
		time.AfterFunc(shutdownGrace, func() {
			fmt.Fprintln(os.Stderr, "control-plane: shutdown took too long; exiting")
			os.Exit(1)
		})
	}()

	if *stopOnStdinEOF {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			_ = syscall.Kill(os.Getpid(), syscall.SIGTERM)
		}()
	}

	ports, err := freePorts(3)
	if err != nil {
		fail(err)
	}
	if *port == 0 {
		*port = ports[2]
	}

	etcd, err := startEtcd(etcdDir, ports[0], ports[1])
	if err != nil {
		fail(err)
	}
	cleanup := func() {
		etcd.Close()
		_ = os.Remove(filepath.Join(*dir, "ready"))
	}

	server := "https://" + net.JoinHostPort(host, strconv.Itoa(*port))
	setup, err := writeServerFiles(*dir, server)
	if err != nil {
		cleanup()
		fail(err)
	}
	command.SetArgs(apiServerArgs(*dir, *port, etcd.Clients[0].Addr().String(), server))

	exited := make(chan int, 1)
	go func() { exited <- cli.Run(command) }()
	go func() {
		if err := becomeReady(*dir, server, setup); err != nil {
			fmt.Fprintln(os.Stderr, "control-plane:", err)
			cleanup()
			os.Exit(1)
		}
	}()

	code := <-exited
	cleanup()
	os.Exit(code)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "control-plane:", err)
	os.Exit(1)
}

// freePorts asks the kernel for n distinct free ports, holding them all open
// until every one is chosen so none is handed out twice.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	for range n {
		listener, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
		if err != nil {
			return nil, err
		}
		defer listener.Close()
		ports = append(ports, listener.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func startEtcd(dataDir string, clientPort, peerPort int) (*embed.Etcd, error) {
	config := embed.NewConfig()
	config.Dir = dataDir
	config.LogLevel = "error"
	// Test data is thrown away, so durability buys nothing and costs time.
	config.UnsafeNoFsync = true
	clientURL := url.URL{Scheme: "http", Host: net.JoinHostPort(host, strconv.Itoa(clientPort))}
	peerURL := url.URL{Scheme: "http", Host: net.JoinHostPort(host, strconv.Itoa(peerPort))}
	config.ListenClientUrls, config.AdvertiseClientUrls = []url.URL{clientURL}, []url.URL{clientURL}
	config.ListenPeerUrls, config.AdvertisePeerUrls = []url.URL{peerURL}, []url.URL{peerURL}
	config.InitialCluster = config.InitialClusterFromName(config.Name)
	etcd, err := embed.StartEtcd(config)
	if err != nil {
		return nil, fmt.Errorf("etcd: %w", err)
	}
	select {
	case <-etcd.Server.ReadyNotify():
		return etcd, nil
	case err := <-etcd.Err():
		etcd.Close()
		return nil, fmt.Errorf("etcd: %w", err)
	case <-time.After(time.Minute):
		etcd.Close()
		return nil, errors.New("etcd did not become ready within a minute")
	}
}

// serverSetup is what becomeReady needs to talk to the API server.
type serverSetup struct {
	caPem       []byte
	adminToken  string
	viewerToken string
}

// writeServerFiles writes the serving certificate, the service-account key and
// the static token file (random tokens, one admin and one viewer), or reads
// them back when an earlier run on DIR wrote them: a restarted server keeps
// its CA and tokens, so kubeconfigs and service-account tokens stay valid.
func writeServerFiles(dir, server string) (serverSetup, error) {
	if setup, ok, err := readServerFiles(dir); ok || err != nil {
		return setup, err
	}
	// The certificate PEM holds the leaf followed by its CA, so clients can use it as their CA bundle.
	certPem, keyPem, err := cert.GenerateSelfSignedCertKey(host, []net.IP{net.ParseIP(host)}, []string{"localhost"})
	if err != nil {
		return serverSetup{}, err
	}
	serviceAccountKey, err := keyutil.MakeEllipticPrivateKeyPEM()
	if err != nil {
		return serverSetup{}, err
	}
	setup := serverSetup{caPem: certPem, adminToken: randomToken(), viewerToken: randomToken()}
	tokens := fmt.Sprintf("%s,admin,uid-admin,\"system:masters\"\n%s,viewer,uid-viewer,%q\n", setup.adminToken, setup.viewerToken, viewerGroup)
	files := map[string][]byte{
		"apiserver.crt":       certPem,
		"apiserver.key":       keyPem,
		"service-account.key": serviceAccountKey,
		"tokens.csv":          []byte(tokens),
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o600); err != nil {
			return serverSetup{}, err
		}
	}
	return setup, nil
}

// readServerFiles returns ok=false when DIR holds no complete set of files.
func readServerFiles(dir string) (serverSetup, bool, error) {
	for _, name := range []string{"apiserver.crt", "apiserver.key", "service-account.key", "tokens.csv"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return serverSetup{}, false, nil
			}
			return serverSetup{}, false, err
		}
	}
	certPem, err := os.ReadFile(filepath.Join(dir, "apiserver.crt"))
	if err != nil {
		return serverSetup{}, false, err
	}
	tokens, err := os.ReadFile(filepath.Join(dir, "tokens.csv"))
	if err != nil {
		return serverSetup{}, false, err
	}
	setup := serverSetup{caPem: certPem}
	// Each line is token,user,uid,groups as written above.
	for _, line := range strings.Split(strings.TrimSpace(string(tokens)), "\n") {
		fields := strings.SplitN(line, ",", 3)
		if len(fields) < 2 {
			continue
		}
		switch fields[1] {
		case "admin":
			setup.adminToken = fields[0]
		case "viewer":
			setup.viewerToken = fields[0]
		}
	}
	if setup.adminToken == "" || setup.viewerToken == "" {
		return serverSetup{}, false, fmt.Errorf("%s lacks the admin or viewer token", filepath.Join(dir, "tokens.csv"))
	}
	return setup, true, nil
}

func randomToken() string {
	bytes := make([]byte, 24)
	_, _ = rand.Read(bytes)
	return hex.EncodeToString(bytes)
}

func apiServerArgs(dir string, port int, etcdAddress, server string) []string {
	file := func(name string) string { return filepath.Join(dir, name) }
	return []string{
		"--etcd-servers=http://" + etcdAddress,
		"--bind-address=" + host,
		// There may be no default route to derive an address from.
		"--advertise-address=" + host,
		"--secure-port=" + strconv.Itoa(port),
		"--cert-dir=" + file("certs"),
		"--tls-cert-file=" + file("apiserver.crt"),
		"--tls-private-key-file=" + file("apiserver.key"),
		"--token-auth-file=" + file("tokens.csv"),
		"--authorization-mode=RBAC",
		"--service-account-issuer=" + server,
		"--service-account-key-file=" + file("service-account.key"),
		"--service-account-signing-key-file=" + file("service-account.key"),
		"--service-cluster-ip-range=10.0.0.0/24",
		"--allow-privileged=true",
		// No controller manager creates each namespace's default ServiceAccount, which this plugin would demand.
		"--disable-admission-plugins=ServiceAccount",
		// Keep 127.0.0.1 out of the kubernetes Service's endpoints.
		"--endpoint-reconciler-type=none",
		"--profiling=false",
		// Open watches are ended within this on SIGTERM; without it the HTTP server waits for them and a
		// graceful stop with a client watching takes until shutdownGrace.
		"--shutdown-watch-termination-grace-period=2s",
	}
}

// becomeReady waits for the API to answer, writes the kubeconfig, gives the
// viewer its read-only role and finally writes DIR/ready.
func becomeReady(dir, server string, setup serverSetup) error {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(setup.caPem)
	httpClient := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	deadline := time.Now().Add(readyDeadline)
	// /readyz covers etcd and the post-start hooks (RBAC bootstrap roles, CRD
	// controllers); the default namespace is created a moment later.
	for _, path := range []string{"/readyz", "/api/v1/namespaces/default", "/api/v1/namespaces/kube-system"} {
		if err := pollOK(httpClient, server+path, setup.adminToken, deadline); err != nil {
			return err
		}
	}

	config := clientcmdapi.NewConfig()
	config.Clusters["control-plane"] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: setup.caPem}
	for user, token := range map[string]string{"admin": setup.adminToken, "viewer": setup.viewerToken} {
		config.AuthInfos[user] = &clientcmdapi.AuthInfo{Token: token}
		config.Contexts[user] = &clientcmdapi.Context{Cluster: "control-plane", AuthInfo: user}
	}
	config.CurrentContext = "admin"
	kubeconfigPath := filepath.Join(dir, "kubeconfig")
	// On a restart the kubeconfig stays as it is: users added to it since still work.
	if _, err := os.Stat(kubeconfigPath); errors.Is(err, os.ErrNotExist) {
		if err := clientcmd.WriteToFile(*config, kubeconfigPath); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}

	if err := grantViewer(*config); err != nil {
		return fmt.Errorf("viewer role: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, "ready"), []byte(server+"\n"), 0o600)
}

func pollOK(client *http.Client, address, token string, deadline time.Time) error {
	var last string
	for {
		request, err := http.NewRequest(http.MethodGet, address, nil)
		if err != nil {
			return err
		}
		request.Header.Set("Authorization", "Bearer "+token)
		response, err := client.Do(request)
		if err == nil {
			response.Body.Close()
			if response.StatusCode == http.StatusOK {
				return nil
			}
			last = response.Status
		} else {
			last = err.Error()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not answer 200 within %s (last: %s)", address, readyDeadline, last)
		}
		// Polling interval, not synchronisation: the loop exits on the condition.
		time.Sleep(200 * time.Millisecond)
	}
}

// grantViewer binds a get/list/watch-everything ClusterRole to the viewer's
// group; the built-in "view" role stays empty without a controller manager.
// Objects a previous run on the same etcd data created are kept.
func grantViewer(config clientcmdapi.Config) error {
	restConfig, err := clientcmd.NewNonInteractiveClientConfig(config, "admin", &clientcmd.ConfigOverrides{}, nil).ClientConfig()
	if err != nil {
		return err
	}
	client, err := kubernetes.NewForConfig(restConfig)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	role := &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: viewerRole},
		Rules:      []rbacv1.PolicyRule{{APIGroups: []string{"*"}, Resources: []string{"*"}, Verbs: []string{"get", "list", "watch"}}},
	}
	if _, err := client.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	binding := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: viewerRole},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: viewerRole},
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.GroupKind, APIGroup: rbacv1.GroupName, Name: viewerGroup}},
	}
	if _, err := client.RbacV1().ClusterRoleBindings().Create(ctx, binding, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	return nil
}
