package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The function links no package whose initialisation it does not need at
// a cold start: the SDK's configuration loader and the clients of its
// credential chain (s3store.EnvOptions reads what Lambda sets instead).
// Their endpoint tables and schemas were half of the bootstrap's package
// initialisation.
func TestColdStartLinks(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-tags", "lambda.norpc", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 100 || !slices.Contains(deps, "github.com/aws/aws-sdk-go-v2/service/s3") {
		t.Fatalf("go list gave %d packages, without the S3 client: not the function's dependencies", len(deps))
	}
	for _, pkg := range []string{
		"github.com/aws/aws-sdk-go-v2/config",
		"github.com/aws/aws-sdk-go-v2/service/sts",
		"github.com/aws/aws-sdk-go-v2/service/sso",
		"github.com/aws/aws-sdk-go-v2/service/ssooidc",
		"github.com/aws/aws-sdk-go-v2/service/signin",
	} {
		if slices.Contains(deps, pkg) {
			t.Errorf("the function links %s", pkg)
		}
	}
}
