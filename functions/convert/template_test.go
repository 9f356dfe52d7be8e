package main

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7"
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/serverless"
	"github.com/awslabs/goformation/v7/intrinsics"
	"gopkg.in/yaml.v3"

	"github.com/bookify/article2book/pkg/service"
)

const templatePath = "../../template.yaml"

// Intrinsics are kept readable instead of resolved: goformation resolves a
// Ref to a resource, or a GetAtt, to nothing, which would leave nothing to
// check about which queue or bucket a property names.
var keepIntrinsics = map[string]intrinsics.IntrinsicHandler{
	"Fn::GetAtt": func(_ string, in, _ any) any {
		if parts, ok := in.([]any); ok {
			s := make([]string, len(parts))
			for i, p := range parts {
				s[i] = fmt.Sprint(p)
			}
			return "GetAtt:" + strings.Join(s, ".")
		}
		return fmt.Sprint("GetAtt:", in)
	},
	"Fn::Sub": func(_ string, in, _ any) any {
		if parts, ok := in.([]any); ok && len(parts) > 0 {
			return parts[0]
		}
		return in
	},
}

// samOnly lists properties of the function that goformation v7.14.9's
// schema predates (SAM added them later); they are checked from the YAML
// itself and removed before goformation parses the rest.
var samOnly = []string{"LoggingConfig", "FunctionResponseTypes", "MaximumBatchingWindowInSeconds", "ScalingConfig"}

type parsed struct {
	tpl *cloudformation.Template
	raw map[string]any // the SAM-only properties by name, as YAML values
}

func parseTemplate(t *testing.T, params map[string]any) parsed {
	t.Helper()
	data, err := os.ReadFile(templatePath)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	raw := map[string]any{}
	strip(&doc, raw)
	stripped, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	overrides := map[string]intrinsics.IntrinsicHandler{"Ref": refKeepingResources}
	for k, v := range keepIntrinsics {
		overrides[k] = v
	}
	tpl, err := goformation.ParseYAMLWithOptions(stripped, &intrinsics.ProcessorOptions{
		EvaluateConditions:        true,
		ParameterOverrides:        params,
		IntrinsicHandlerOverrides: overrides,
	})
	if err != nil {
		t.Fatalf("goformation: %v", err)
	}
	return parsed{tpl: tpl, raw: raw}
}

// refKeepingResources resolves parameters and pseudo parameters as
// goformation does, and names resources as "Ref:Name".
func refKeepingResources(name string, in, tpl any) any {
	if v := intrinsics.Ref(name, in, tpl); v != nil {
		return v
	}
	if s, ok := in.(string); ok && s != "AWS::NoValue" {
		return "Ref:" + s
	}
	return nil
}

// strip removes the samOnly keys from the YAML tree, keeping their values.
func strip(n *yaml.Node, raw map[string]any) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i < len(n.Content); i += 2 {
			if k := n.Content[i].Value; slices.Contains(samOnly, k) {
				var v any
				n.Content[i+1].Decode(&v)
				raw[k] = v
				n.Content = append(n.Content[:i], n.Content[i+2:]...)
				i -= 2
			}
		}
	}
	for _, c := range n.Content {
		strip(c, raw)
	}
}

func TestTemplate(t *testing.T) {
	p := parseTemplate(t, nil)
	tpl := p.tpl
	if tpl.Transform == nil || tpl.Transform.String == nil || *tpl.Transform.String != "AWS::Serverless-2016-10-31" {
		t.Errorf("Transform is not SAM")
	}

	f, err := tpl.GetServerlessFunctionWithName("ConvertFunction")
	if err != nil {
		t.Fatal(err)
	}
	if f.Runtime == nil || *f.Runtime != "provided.al2023" || f.Handler == nil || *f.Handler != "bootstrap" ||
		!slices.Equal(f.Architectures, []string{"arm64"}) {
		t.Errorf("function runtime %v handler %v architectures %v", f.Runtime, f.Handler, f.Architectures)
	}
	if f.AWSCloudFormationMetadata["BuildMethod"] != "makefile" {
		t.Errorf("BuildMethod %v, want makefile", f.AWSCloudFormationMetadata["BuildMethod"])
	}
	// sam build runs the Makefile in CodeUri: it must hold go.mod and the
	// target, built as the runtime wants it.
	codeURI := "."
	if f.CodeUri != nil && f.CodeUri.String != nil {
		codeURI = *f.CodeUri.String
	}
	if _, err := os.Stat("../../" + codeURI + "/go.mod"); err != nil {
		t.Errorf("CodeUri %q has no go.mod: %v", codeURI, err)
	}
	mk, err := os.ReadFile("../../" + codeURI + "/Makefile")
	if err != nil {
		t.Fatal(err)
	}
	target := regexp.MustCompile(`(?m)^build-ConvertFunction:.*\n\t(.*)`).FindSubmatch(mk)
	if target == nil {
		t.Fatal("Makefile has no build-ConvertFunction target")
	}
	for _, want := range []string{"GOOS=linux", "GOARCH=arm64", "-tags lambda.norpc", "$(ARTIFACTS_DIR)/bootstrap", "./functions/convert"} {
		if !strings.Contains(string(target[1]), want) {
			t.Errorf("build-ConvertFunction recipe %q lacks %q", target[1], want)
		}
	}
	if f.MemorySize == nil || *f.MemorySize < 512 || f.Timeout == nil || *f.Timeout < 30 || *f.Timeout > 900 {
		t.Errorf("memory %v timeout %v", f.MemorySize, f.Timeout)
	}
	if f.ReservedConcurrentExecutions == nil || *f.ReservedConcurrentExecutions < 1 {
		t.Errorf("no reserved concurrency cap")
	}
	logging, _ := p.raw["LoggingConfig"].(map[string]any)
	if logging["LogFormat"] != "JSON" {
		t.Errorf("LoggingConfig %v: want LogFormat JSON", p.raw["LoggingConfig"])
	}

	// The configuration the template gives must be one the function accepts.
	vars := f.Environment.Variables
	if vars["OUTPUT_BUCKET"] != "Ref:Bucket" {
		t.Errorf("OUTPUT_BUCKET %q, want the stack's bucket", vars["OUTPUT_BUCKET"])
	}
	cfg, err := service.LoadConfig(func(k string) (string, bool) { v, ok := vars[k]; return v, ok })
	if err != nil {
		t.Fatalf("the function refuses the template's environment: %v", err)
	}
	if err := cfg.CheckLoop("Ref:Bucket"); err != nil {
		t.Errorf("template's prefixes loop: %v", err)
	}

	// Uploads reach the function through the queue, with partial batch
	// failures; the queue hands repeated failures to the dead-letter queue.
	if len(f.Events) != 1 {
		t.Errorf("events %v: want the inbox queue only", f.Events)
	}
	ev, ok := f.Events["Inbox"]
	if !ok || ev.Type != "SQS" || ev.Properties == nil || ev.Properties.SQSEvent == nil || ev.Properties.SQSEvent.Queue != "GetAtt:InboxQueue.Arn" {
		t.Fatalf("no SQS event on InboxQueue: %+v", ev)
	}
	if frt, _ := p.raw["FunctionResponseTypes"].([]any); !slices.Contains(frt, any("ReportBatchItemFailures")) {
		t.Errorf("FunctionResponseTypes %v: want ReportBatchItemFailures", p.raw["FunctionResponseTypes"])
	}
	q, err := tpl.GetSQSQueueWithName("InboxQueue")
	if err != nil {
		t.Fatal(err)
	}
	redrive, _ := q.RedrivePolicy.(map[string]any)
	if redrive["deadLetterTargetArn"] != "GetAtt:InboxDeadLetterQueue.Arn" || redrive["maxReceiveCount"] == nil {
		t.Errorf("redrive policy %v", q.RedrivePolicy)
	}
	if _, err := tpl.GetSQSQueueWithName("InboxDeadLetterQueue"); err != nil {
		t.Error(err)
	}
	if q.VisibilityTimeout == nil || *q.VisibilityTimeout < 6**f.Timeout {
		t.Errorf("visibility timeout %v: want at least six times the function's %d s", q.VisibilityTimeout, *f.Timeout)
	}

	// The bucket notifies the queue for INPUT_PREFIX only.
	b, err := tpl.GetS3BucketWithName("Bucket")
	if err != nil {
		t.Fatal(err)
	}
	if b.NotificationConfiguration == nil || len(b.NotificationConfiguration.QueueConfigurations) != 1 ||
		len(b.NotificationConfiguration.LambdaConfigurations) != 0 || len(b.NotificationConfiguration.TopicConfigurations) != 0 {
		t.Fatalf("notification %+v: want one queue configuration", b.NotificationConfiguration)
	}
	qc := b.NotificationConfiguration.QueueConfigurations[0]
	if qc.Queue != "GetAtt:InboxQueue.Arn" || qc.Event != "s3:ObjectCreated:*" || qc.Filter == nil || qc.Filter.S3Key == nil ||
		len(qc.Filter.S3Key.Rules) != 1 || qc.Filter.S3Key.Rules[0].Name != "prefix" || qc.Filter.S3Key.Rules[0].Value != cfg.InputPrefix {
		t.Errorf("queue notification %+v: want s3:ObjectCreated:* under %q to InboxQueue", qc, cfg.InputPrefix)
	}
	if !slices.Contains(b.AWSCloudFormationDependsOn, "InboxQueuePolicy") {
		t.Error("bucket does not wait for the queue policy: S3 would refuse the notification")
	}
	if pab := b.PublicAccessBlockConfiguration; pab == nil || pab.BlockPublicAcls == nil || !*pab.BlockPublicAcls || pab.RestrictPublicBuckets == nil || !*pab.RestrictPublicBuckets {
		t.Error("bucket public access not blocked")
	}
	qp, err := tpl.GetSQSQueuePolicyWithName("InboxQueuePolicy")
	if err != nil {
		t.Fatal(err)
	}
	if s := fmt.Sprint(qp.PolicyDocument); !strings.Contains(s, "s3.amazonaws.com") || !strings.Contains(s, "sqs:SendMessage") || !strings.Contains(s, "aws:SourceAccount") {
		t.Errorf("queue policy %s", s)
	}

	checkPolicies(t, f.Policies, cfg)
	checkAPI(t, tpl, "AWS_IAM")
	checkDigestSchedule(t, tpl, "DISABLED", "cron(0 6 * * ? *)", "UTC")
	for _, o := range []string{"ApiUrl", "BucketName"} {
		if _, ok := tpl.Outputs[o]; !ok {
			t.Errorf("no output %s", o)
		}
	}
}

// The digest schedule's parameters turn it on, and set its time and zone.
func TestTemplateDigestSchedule(t *testing.T) {
	p := parseTemplate(t, map[string]any{"DigestScheduleState": "ENABLED", "DigestScheduleExpression": "cron(30 7 * * ? *)", "DigestTimezone": "Asia/Shanghai"})
	checkDigestSchedule(t, p.tpl, "ENABLED", "cron(30 7 * * ? *)", "Asia/Shanghai")
}

// checkDigestSchedule wants the schedule to invoke the function, through a
// role that may do only that, with an event the function takes as a
// digest run of digests/feeds.json (readable by the function) dated in the
// schedule's zone.
func checkDigestSchedule(t *testing.T, tpl *cloudformation.Template, state, expr, zone string) {
	t.Helper()
	sc, err := tpl.GetSchedulerScheduleWithName("DigestSchedule")
	if err != nil {
		t.Fatal(err)
	}
	if sc.State == nil || *sc.State != state || sc.ScheduleExpression != expr || sc.ScheduleExpressionTimezone == nil || *sc.ScheduleExpressionTimezone != zone {
		t.Errorf("schedule state %v expression %q zone %v, want %s %q %s", sc.State, sc.ScheduleExpression, sc.ScheduleExpressionTimezone, state, expr, zone)
	}
	if sc.FlexibleTimeWindow == nil || sc.FlexibleTimeWindow.Mode != "OFF" {
		t.Errorf("flexible time window %+v: want OFF, so the run's time is the scheduled one", sc.FlexibleTimeWindow)
	}
	tg := sc.Target
	if tg == nil || tg.Arn != "GetAtt:ConvertFunction.Arn" || tg.RoleArn != "GetAtt:DigestScheduleRole.Arn" || tg.Input == nil {
		t.Fatalf("schedule target %+v", tg)
	}
	// What Scheduler and Fn::Sub make of the input on a run.
	input := strings.NewReplacer("<aws.scheduler.scheduled-time>", "2026-12-01T06:00:00Z", "${DigestTimezone}", zone).Replace(*tg.Input)
	j, err := service.ParseDigestJob([]byte(input))
	if err != nil {
		t.Fatalf("schedule input %s: %v", input, err)
	}
	if j.Digest != "digests/feeds.json" || j.Time != "2026-12-01T06:00:00Z" || j.Timezone != zone {
		t.Errorf("schedule input %+v", j)
	}
	role, err := tpl.GetIAMRoleWithName("DigestScheduleRole")
	if err != nil {
		t.Fatal(err)
	}
	if s := fmt.Sprint(role.AssumeRolePolicyDocument); !strings.Contains(s, "scheduler.amazonaws.com") || !strings.Contains(s, "aws:SourceAccount") {
		t.Errorf("schedule role trust %s", s)
	}
	if len(role.Policies) != 1 || fmt.Sprint(role.Policies[0].PolicyDocument) != fmt.Sprint(map[string]any{"Version": "2012-10-17",
		"Statement": []any{map[string]any{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "GetAtt:ConvertFunction.Arn"}}}) ||
		len(role.ManagedPolicyArns) != 0 {
		t.Errorf("schedule role may do more than invoke the function: %+v", role.Policies)
	}
}

// The ApiAuth parameter opens the route; nothing else changes.
func TestTemplateOpenAPI(t *testing.T) {
	checkAPI(t, parseTemplate(t, map[string]any{"ApiAuth": "NONE"}).tpl, "NONE")
}

func checkAPI(t *testing.T, tpl *cloudformation.Template, auth string) {
	t.Helper()
	r, err := tpl.GetApiGatewayV2RouteWithName("ConvertRoute")
	if err != nil {
		t.Fatal(err)
	}
	if r.RouteKey != "POST /convert" || r.AuthorizationType == nil || *r.AuthorizationType != auth || r.ApiId != "Ref:HttpApi" {
		t.Errorf("route %s auth %v api %s, want POST /convert with %s", r.RouteKey, r.AuthorizationType, r.ApiId, auth)
	}
	in, err := tpl.GetApiGatewayV2IntegrationWithName("HttpApiIntegration")
	if err != nil {
		t.Fatal(err)
	}
	if in.IntegrationType != "AWS_PROXY" || in.PayloadFormatVersion == nil || *in.PayloadFormatVersion != "2.0" ||
		in.IntegrationUri == nil || *in.IntegrationUri != "GetAtt:ConvertFunction.Arn" {
		t.Errorf("integration %s %v %v", in.IntegrationType, in.PayloadFormatVersion, in.IntegrationUri)
	}
	if r.Target == nil || *r.Target != "integrations/${HttpApiIntegration}" {
		t.Errorf("route target %v", r.Target)
	}
	st, err := tpl.GetApiGatewayV2StageWithName("HttpApiStage")
	if err != nil {
		t.Fatal(err)
	}
	rs := st.DefaultRouteSettings
	if st.AutoDeploy == nil || !*st.AutoDeploy || rs == nil || rs.ThrottlingRateLimit == nil || *rs.ThrottlingRateLimit <= 0 || rs.ThrottlingBurstLimit == nil || *rs.ThrottlingBurstLimit <= 0 {
		t.Errorf("stage %+v: want auto-deploy and throttling", st)
	}
	perm, err := tpl.GetLambdaPermissionWithName("HttpApiInvokePermission")
	if err != nil {
		t.Fatal(err)
	}
	if perm.Principal != "apigateway.amazonaws.com" || perm.FunctionName != "Ref:ConvertFunction" || perm.SourceArn == nil || !strings.HasSuffix(*perm.SourceArn, "/POST/convert") {
		t.Errorf("invoke permission %+v: want API Gateway on POST /convert only", perm)
	}
}

// checkPolicies wants least privilege: read under the input prefix and the
// digest lists, write under the output prefix, list the bucket (so missing
// objects are 404), and nothing else: no managed policies, no wildcards.
func checkPolicies(t *testing.T, pol *serverless.Function_Policies, cfg *service.Config) {
	t.Helper()
	if pol == nil {
		t.Fatal("no policies")
	}
	// goformation fills every member of the union that the list decodes
	// into, so the other members are checked for content, not presence.
	managed, _ := json.Marshal([]any{pol.String, pol.StringArray, pol.SAMPolicyTemplateArray})
	if m := regexp.MustCompile(`"[A-Za-z:/*-]{3,}`).Find(managed); m != nil {
		t.Errorf("managed policies or SAM policy templates grant more than the function needs: %s", managed)
	}
	var docs []serverless.Function_IAMPolicyDocument
	if pol.IAMPolicyDocument != nil {
		docs = append(docs, *pol.IAMPolicyDocument)
	}
	if pol.IAMPolicyDocumentArray != nil {
		docs = append(docs, *pol.IAMPolicyDocumentArray...)
	}
	got := map[string][]string{}
	for _, d := range docs {
		for _, st := range d.Statement {
			m, _ := st.(map[string]any)
			if m["Effect"] != "Allow" || m["Condition"] != nil && m["Condition"] != "" {
				t.Errorf("statement %v", m)
			}
			for _, a := range strs(m["Action"]) {
				got[a] = append(got[a], strs(m["Resource"])...)
			}
		}
	}
	bucket := "arn:${AWS::Partition}:s3:::${Bucket}"
	in, out := bucket+"/"+cfg.InputPrefix+"*", bucket+"/"+cfg.OutputPrefix+"*"
	want := map[string][]string{
		"s3:GetObject":    {in, out, bucket + "/digests/*"},
		"s3:PutObject":    {out},
		"s3:DeleteObject": {out},
		"s3:ListBucket":   {bucket},
	}
	for a := range got {
		slices.Sort(got[a])
	}
	for a := range want {
		slices.Sort(want[a])
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("policies grant\n%v\nwant\n%v", got, want)
	}
}

func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, fmt.Sprint(e))
		}
		return out
	}
	return nil
}
