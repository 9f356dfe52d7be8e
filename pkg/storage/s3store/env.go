package s3store

import (
	"fmt"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/logging"
)

// EnvOptions reads an S3 client's configuration from the environment
// Lambda gives every function: the region (AWS_REGION, else
// AWS_DEFAULT_REGION), the execution role's credentials (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), and the endpoint settings the
// SDK's own loader reads from the environment (AWS_ENDPOINT_URL_S3, else
// AWS_ENDPOINT_URL, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
// AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT). Everything else keeps
// the defaults config.LoadDefaultConfig gives without a config file.
//
// It stands in for config.LoadDefaultConfig, whose credential chain links
// the STS, SSO, SSO OIDC and sign-in clients: their endpoint tables and
// schemas were half of the function's package initialisation at every
// cold start, for credentials Lambda always puts in the environment.
// Shared config files, profiles and credential endpoints are therefore not
// read; without credentials in the environment EnvOptions fails, naming
// what is missing, rather than run unsigned.
func EnvOptions(lookup func(string) (string, bool)) (s3.Options, error) {
	get := func(names ...string) string {
		for _, n := range names {
			if v, ok := lookup(n); ok && v != "" {
				return v
			}
		}
		return ""
	}
	var missing []string
	region := get("AWS_REGION", "AWS_DEFAULT_REGION")
	if region == "" {
		missing = append(missing, "AWS_REGION")
	}
	// The SDK's loader takes the older names too.
	key, secret := get("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY"), get("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY")
	if key == "" {
		missing = append(missing, "AWS_ACCESS_KEY_ID")
	}
	if secret == "" {
		missing = append(missing, "AWS_SECRET_ACCESS_KEY")
	}
	if len(missing) > 0 {
		return s3.Options{}, fmt.Errorf("%s not set: the function takes its region and credentials from the environment, as Lambda sets them", strings.Join(missing, ", "))
	}
	creds := credentials.NewStaticCredentialsProvider(key, secret, get("AWS_SESSION_TOKEN"))
	// Requests name the credentials' source in their User-Agent as the
	// loader's do: the environment, not the code.
	creds.Source = []aws.CredentialSource{aws.CredentialSourceEnvVars}
	o := s3.Options{
		Region:      region,
		Credentials: creds,
		// LoadDefaultConfig's logger: the SDK's warnings go to stderr.
		Logger: logging.NewStandardLogger(os.Stderr),
		// And its checksum defaults, which a bare client leaves unset: an
		// upload carries a CRC32 of its body for S3 to check.
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenSupported,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenSupported,
	}
	ignore, err := envBool(lookup, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
	if err != nil {
		return s3.Options{}, err
	}
	if endpoint := get("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"); endpoint != "" && !ignore {
		o.BaseEndpoint = aws.String(endpoint)
	}
	fips, err := envBool(lookup, "AWS_USE_FIPS_ENDPOINT")
	if err != nil {
		return s3.Options{}, err
	}
	if fips {
		o.EndpointOptions.UseFIPSEndpoint = aws.FIPSEndpointStateEnabled
	}
	dual, err := envBool(lookup, "AWS_USE_DUALSTACK_ENDPOINT")
	if err != nil {
		return s3.Options{}, err
	}
	if dual {
		o.EndpointOptions.UseDualStackEndpoint = aws.DualStackEndpointStateEnabled
	}
	return o, nil
}

// envBool reads a true/false variable as the SDK does: either case, unset
// or empty is false, anything else an error.
func envBool(lookup func(string) (string, bool), name string) (bool, error) {
	v, _ := lookup(name)
	switch {
	case v == "" || strings.EqualFold(v, "false"):
		return false, nil
	case strings.EqualFold(v, "true"):
		return true, nil
	}
	return false, fmt.Errorf("%s=%q: want true or false", name, v)
}
