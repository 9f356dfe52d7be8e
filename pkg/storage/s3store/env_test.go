package s3store

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/bookify/article2book/pkg/storage"
)

func lookupIn(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

func TestEnvOptions(t *testing.T) {
	lambda := map[string]string{"AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token"}
	with := func(kv ...string) map[string]string {
		env := map[string]string{}
		for k, v := range lambda {
			env[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == "-" {
				delete(env, kv[i])
			} else {
				env[kv[i]] = kv[i+1]
			}
		}
		return env
	}
	for _, tc := range []struct {
		name       string
		env        map[string]string
		region     string
		endpoint   string // "" for none
		fips, dual bool
		err        string // part of the error, "" for none
	}{
		{name: "lambda", env: lambda, region: "eu-west-1"},
		{name: "default region", env: with("AWS_REGION", "-", "AWS_DEFAULT_REGION", "us-west-2"), region: "us-west-2"},
		{name: "AWS_REGION first", env: with("AWS_DEFAULT_REGION", "us-west-2"), region: "eu-west-1"},
		{name: "older key names", env: with("AWS_ACCESS_KEY_ID", "-", "AWS_SECRET_ACCESS_KEY", "-", "AWS_ACCESS_KEY", "A", "AWS_SECRET_KEY", "S"), region: "eu-west-1"},
		{name: "S3 endpoint", env: with("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000", "AWS_ENDPOINT_URL", "http://other"), region: "eu-west-1", endpoint: "http://127.0.0.1:9000"},
		{name: "any service's endpoint", env: with("AWS_ENDPOINT_URL", "http://other"), region: "eu-west-1", endpoint: "http://other"},
		{name: "endpoints ignored", env: with("AWS_ENDPOINT_URL_S3", "http://x", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "TRUE"), region: "eu-west-1"},
		{name: "fips and dual stack", env: with("AWS_USE_FIPS_ENDPOINT", "true", "AWS_USE_DUALSTACK_ENDPOINT", "True"), region: "eu-west-1", fips: true, dual: true},
		{name: "explicitly off", env: with("AWS_USE_FIPS_ENDPOINT", "false"), region: "eu-west-1"},
		{name: "bad boolean", env: with("AWS_USE_FIPS_ENDPOINT", "yes"), err: `AWS_USE_FIPS_ENDPOINT="yes"`},
		{name: "no region", env: with("AWS_REGION", "-"), err: "AWS_REGION not set"},
		{name: "no credentials", env: with("AWS_ACCESS_KEY_ID", "-", "AWS_SECRET_ACCESS_KEY", ""), err: "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY not set"},
		{name: "nothing", env: map[string]string{}, err: "AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY not set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, err := EnvOptions(lookupIn(tc.env))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if o.Region != tc.region || aws.ToString(o.BaseEndpoint) != tc.endpoint {
				t.Errorf("region %q, endpoint %q; want %q, %q", o.Region, aws.ToString(o.BaseEndpoint), tc.region, tc.endpoint)
			}
			if got := o.EndpointOptions.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled; got != tc.fips {
				t.Errorf("FIPS %v, want %v", got, tc.fips)
			}
			if got := o.EndpointOptions.UseDualStackEndpoint == aws.DualStackEndpointStateEnabled; got != tc.dual {
				t.Errorf("dual stack %v, want %v", got, tc.dual)
			}
			creds, err := o.Credentials.Retrieve(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			key, secret := tc.env["AWS_ACCESS_KEY_ID"]+tc.env["AWS_ACCESS_KEY"], tc.env["AWS_SECRET_ACCESS_KEY"]+tc.env["AWS_SECRET_KEY"]
			if creds.AccessKeyID != key || creds.SecretAccessKey != secret || creds.SessionToken != tc.env["AWS_SESSION_TOKEN"] {
				t.Errorf("credentials %+v, want %q, %q, %q", creds, key, secret, tc.env["AWS_SESSION_TOKEN"])
			}
		})
	}
}

// A client made from Lambda's environment stores and reads objects on a
// real S3 protocol server, every request signed for the environment's
// region with its key and carrying its session token.
func TestEnvOptionsOnS3(t *testing.T) {
	faker := gofakes3.New(s3mem.New(), gofakes3.WithAutoBucket(true)).Server()
	var mu sync.Mutex
	var seen []*http.Request
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Clone(context.Background()))
		mu.Unlock()
		faker.ServeHTTP(w, r)
	}), ErrorLog: slog.NewLogLogger(slog.DiscardHandler, slog.LevelError), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	o, err := EnvOptions(lookupIn(map[string]string{
		"AWS_REGION": "ap-east-1", "AWS_ACCESS_KEY_ID": "AKIDLAMBDA", "AWS_SECRET_ACCESS_KEY": "secret",
		"AWS_SESSION_TOKEN": "session-token", "AWS_ENDPOINT_URL_S3": "http://" + ln.Addr().String(),
	}))
	if err != nil {
		t.Fatal(err)
	}
	o.UsePathStyle = true
	store := New(s3.New(o))
	ctx := context.Background()
	if err := store.Put(ctx, "books", "out/a.txt", []byte("正文"), storage.PutOptions{ContentType: "text/plain"}); err != nil {
		t.Fatal(err)
	}
	obj, err := store.Get(ctx, "books", "out/a.txt", 0)
	if err != nil {
		t.Fatal(err)
	}
	if string(obj.Body) != "正文" || obj.Info.ContentType != "text/plain" {
		t.Errorf("read back %q (%s)", obj.Body, obj.Info.ContentType)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 {
		t.Fatalf("%d requests reached the server, want 2 (PUT, GET)", len(seen))
	}
	for _, r := range seen {
		auth := r.Header.Get("Authorization")
		if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 Credential=AKIDLAMBDA/") || !strings.Contains(auth, "/ap-east-1/s3/aws4_request") {
			t.Errorf("%s %s signed %q: want the environment's key and region", r.Method, r.URL.Path, auth)
		}
		if tok := r.Header.Get("X-Amz-Security-Token"); tok != "session-token" {
			t.Errorf("%s %s sent session token %q", r.Method, r.URL.Path, tok)
		}
		if r.URL.Path != "/books/out/a.txt" {
			t.Errorf("%s %s: want the path-style key", r.Method, r.URL.Path)
		}
	}
	// As with the SDK's configuration loader, the upload carries a CRC32
	// of its body (in a header, or a trailer it announces).
	put := seen[0]
	if put.Method != http.MethodPut || put.Header.Get("X-Amz-Checksum-Crc32") == "" && !strings.Contains(strings.ToLower(put.Header.Get("X-Amz-Trailer")), "x-amz-checksum-crc32") {
		t.Errorf("%s carries no CRC32 of its body: %v", put.Method, put.Header)
	}
}
