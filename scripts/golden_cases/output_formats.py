"""Golden cases for -o go-template / template / custom-columns / jsonpath (recorded from kubectl v1.32 offline:
generators with --dry-run=client print through the same printers as get)."""

DEPLOY = ["create", "deployment", "x", "--image=nginx", "--dry-run=client"]
CONFIGMAP = ["create", "configmap", "cm", "--from-literal=a=1", "--from-literal=b.c=aGVsbG8=", "--dry-run=client"]

TEMPLATES = [
    # the common subset, several per case
    '{{.metadata.name}} {{.spec.replicas}} {{.metadata.foo}} {{.metadata.foo.bar}} {{.metadata}} {{.status}}',
    '{{range .spec.template.spec.containers}}{{.name}}:{{.image}}{{"\\n"}}{{end}}',
    '{{range $i, $c := .spec.template.spec.containers}}{{$i}}={{$c.name}} {{end}}|{{$n := .metadata.name}}{{$n}}-{{$.kind}}',
    '{{- .metadata.name -}}   {{ .kind }}|a  {{- .metadata.name }}  b|{{.metadata.name -}}  {{/* c */ -}}  y',
    '{{if .metadata.foo}}yes{{else}}no{{end}} {{if and .metadata.name .spec}}yes{{end}} {{or .metadata.foo "d"}} '
    '{{not .metadata.foo}} {{if .metadata.name}}a{{else if .kind}}b{{else}}c{{end}}',
    '{{eq .metadata.foo "x"}} {{eq .metadata.name "x"}} {{eq .kind "Pod" "Deployment"}} {{ne .spec.replicas 2}} '
    '{{lt .spec.replicas 2}} {{le 2 2}} {{gt 3 2}} {{ge 1 2}} {{lt .kind "Z"}}',
    '{{printf "%s/%s %5d|%-6s|%q %v %t" .kind .metadata.name .spec.replicas "ab" "q" .metadata.labels true}}',
    '{{printf "%d %s" .metadata.name}}|{{printf "%s" 1 2}}|{{printf "%v %v %v" .spec.replicas 1.5 nil}}|'
    '{{printf "%T %T %T %T" 1 .spec.replicas "s" .metadata}}',
    '{{printf "%.2f|%6.1f|%x|%X|%o|%c|%U|%e|%g" 3.14159 2.5 255 255 8 65 65 1234.5 0.000012}}',
    '{{.metadata.name | printf "%s!"}} {{.metadata.name | len}} {{len .metadata.labels}} {{len "abc"}} '
    '{{len .metadata.name | printf "%d chars"}}',
    '{{range $k, $v := .metadata.labels}}{{$k}}={{$v}};{{end}}{{range .metadata.foo}}x{{else}}empty{{end}}'
    '{{with .metadata.labels}}{{.app}}{{end}}{{with .metadata.foo}}{{.}}{{else}}none{{end}}',
    '{{index .spec.template.spec.containers 0 "name"}} {{index .metadata.labels "app"}} {{index .metadata.labels "zz"}} '
    '{{(index .spec.template.spec.containers 0).image}} {{exists . "metadata" "name"}} {{exists . "metadata" "zz"}}',
    '{{print "a" 1 2 "b"}}|{{println "a" 1}}|{{1.5}} {{1e6}} {{0x10}} {{\'a\'}} {{true}} {{-3}} {{.5}}',
    '{{ $x := 1 }}{{ $x = 2 }}{{$x}} {{range .spec.template.spec.containers}}{{.name}}{{break}}{{end}} '
    '{{define "t"}}T{{.}}{{end}}{{template "t" .kind}} {{slice .metadata.name 0 1}} {{html "<a>"}} {{js "a\'b"}}',
    # errors while parsing
    '{{foo .x}}', '{{.metadata.name', '{{range .x}}', '{{$y}}', '{{end}}', '{{else}}', '{{if}}{{end}}', '{{break}}',
    '{{.metadata.name.}}', '{{1.2.3}}', '{{%}}', '{{.x}', 'x{{-.metadata.name}}', '{{.metadata.name |}}',
    '{{(.metadata.name}}', '{{range $x, $y, $z := .metadata}}{{end}}', '{{if .kind}}a{{else}}b{{else}}c{{end}}',
    '{{.metadata.name | 1}}', '{{"abc',
    # errors while executing (partial output and kubectl's debugging dump on stdout)
    'ok {{eq .spec.replicas 1.0}}', '{{.metadata.creationTimestamp.x}}', '{{.metadata.name.x}}', '{{len .spec.replicas}}',
    '{{len .metadata.foo}}', '{{base64decode "aGVsb"}}', '{{index .spec.template.spec.containers 3}}',
    '{{.metadata.name "x"}}', '{{nil}}', '{{range .metadata.name}}{{.}}{{end}}', '{{template "x"}}', '{{printf}}',
    '{{base64decode .spec.replicas}}', '{{base64decode .metadata.foo}}', '{{eq .metadata .metadata}}',
    '{{(.spec).replicas.x}}',
    '{{block "b" .metadata}}[{{.name}}]{{end}}{{template "b" .spec}}',
]

CASES = [(f"output-formats-go-template-{i:02d}", DEPLOY + ["-o", "go-template=" + t], {}, None)
         for i, t in enumerate(TEMPLATES)]
CASES += [
    ("output-formats-configmap-base64", CONFIGMAP + ["-o", 'go-template={{base64decode (index .data "b.c")}}'], {}, None),
    ("output-formats-template-file", DEPLOY + ["-o", "go-template-file=t.tmpl"],
     {"t.tmpl": "{{.kind}}/{{.metadata.name}}\n{{range .spec.template.spec.containers}}- {{.image}}\n{{end}}"}, None),
    ("output-formats-templatefile", DEPLOY + ["-o", "templatefile=t.tmpl"], {"t.tmpl": "{{.kind}}\n"}, None),
    ("output-formats-template-file-missing", DEPLOY + ["-o", "go-template-file=nope.tmpl"], {}, None),
    ("output-formats-template-empty", DEPLOY + ["-o", "go-template="], {}, None),
    ("output-formats-template-bare", DEPLOY + ["-o", "template"], {}, None),
    ("output-formats-jsonpath-file", DEPLOY + ["-o", "jsonpath-file=p.txt"], {"p.txt": "{.metadata.name}"}, None),
    ("output-formats-jsonpath-file-missing", DEPLOY + ["-o", "jsonpath-file=nope.txt"], {}, None),
    ("output-formats-columns-not-allowed", DEPLOY + ["-o", "custom-columns=NAME:.metadata.name"], {}, None),
    ("output-formats-columns-no-colon", ["get", "pods", "-o", "custom-columns=NAME"], {}, None),
    ("output-formats-columns-empty", ["get", "pods", "-o", "custom-columns="], {}, None),
    ("output-formats-columns-second", ["get", "pods", "-o", "custom-columns=A:.x,B"], {}, None),
    ("output-formats-columns-bad-path", ["get", "pods", "-o", "custom-columns=A:{.x}}"], {}, None),
    ("output-formats-columns-file-missing", ["get", "pods", "-o", "custom-columns-file=nope.txt"], {}, None),
    ("output-formats-columns-file-one-line", ["get", "pods", "-o", "custom-columns-file=c.txt"], {"c.txt": "A B\n"}, None),
    ("output-formats-columns-file-count", ["get", "pods", "-o", "custom-columns-file=c.txt"],
     {"c.txt": "A B\n.x\n"}, None),
    ("output-formats-columns-file-empty", ["get", "pods", "-o", "custom-columns-file=c.txt"], {"c.txt": ""}, None),
]
CASES += [
    ("output-formats-get-watch-events-alone", ["get", "pods", "--output-watch-events"], {}, None),
    ("output-formats-get-watch-two-types", ["get", "pods,svc", "-w"], {}, None),
    ("output-formats-get-watch-no-args", ["get", "-w"], {}, None),
    ("output-formats-events-bad-types", ["events", "--types=Normal,Foo"], {}, None),
    ("output-formats-events-for-no-slash", ["events", "--for=pod"], {}, None),
    ("output-formats-events-for-two-slashes", ["events", "--for=a/b/c"], {}, None),
    ("output-formats-events-bad-output", ["events", "-o", "wide"], {}, None),
]

HELP = ["events"]

# successes several to a case (joined with |), errors and ranges one by one
JSONPATHS = [
    '{.metadata.name}|{.metadata.labels.app}|{.metadata.annotations.kubernetes\\.io/change-cause}|{.spec.template.spec.containers[*].name}|{.spec.template.spec.containers[0].image}|{.spec.template.spec.containers[-1].image}|{.spec.template.spec.containers[?(@.name=="nginx")].image}|{.spec.template.spec.containers[?(@.name!="nginx")].image}',
    '{.spec.template.spec.containers[?(@.image)].name}|{.metadata..app}|{.metadata[\'name\',\'namespace\']}|{.metadata.name}{"\\n"}|{.kind} {.apiVersion}|{.spec}|{.metadata.labels}|{.metadata.foo}',
    "{.metadata.name.foo}|{.spec.replicas}|{$.kind}|{@.kind}|{.spec.template.spec.containers[*]['name','image']}|{.spec.template.spec.containers[*].resources}|{.status}|{'abc'}",
    '{.spec.template.spec.containers[?(@.name==\'nginx\')].image}|{.spec.template.spec.containers[?(@.name>"a")].name}|{.spec.replicas}{.spec.replicas}|{.spec.template.spec.containers..name}|{.metadata.creationTimestamp}|{true}|{1}|{.spec.strategy}',
    '{.spec.template.spec.containers[0][\'name\']}|{.metadata.labels[\'app\']}|{.spec.template.spec.containers[0,0].name}|{  .kind  }|{.spec.template.spec.containers[?(@.name=="nginx")][\'name\',\'image\']}|{.spec.template.spec.containers[?(@.resources)].name}|{.spec.template.spec.containers[?(@.x)].name}|{.spec.template.spec.containers[?(@.image=="nginx")].name}',
    '{.spec.template.spec.containers[?(@.name)].name}|{.spec.template.spec.containers[?(@.name<"z")].name}|{.spec.template.spec.containers[0:]}|{.spec.template.spec.containers[:1].name}|{.spec.template.spec.containers[0:0]}|{.spec.template.spec.containers[0 , 0].name}|{.kind.*}|{"a\\tb\\x41\\u00e9"}',
    '{\'it\\\'s\'}|{.kind}{"\\n"}{.apiVersion}{\'\\n\'}|{.metadata.labels.*}|{.metadata.name}{.metadata.name}|{ .metadata.name }|{.spec.template.spec.containers[0].resources.*}|{.spec.replicas.x}|{@}',
    '{$}|{.}|{-1}|{1.5}|{.spec.template.spec.containers[?(@.name==@.image)].name}|{.spec.template.spec.containers[?(@.name=="a")].name}x|{.metadata.creationTimestamp.x}',
    '{.spec.template.spec.containers[1].image}',
    '{.spec.template.spec.containers[0:5].name}',
    '{range .spec.template.spec.containers[*]}{.name}{"\\t"}{.image}{"\\n"}{end}',
    '{.metadata.name,.kind}',
    '{.x[}',
    '{.x',
    '{range .x}',
    '{end}',
    '{.metadata.name}{end}',
    '{.spec.template.spec.containers[a]}',
    '{.spec.template.spec.containers[1:0]}',
    '{.spec.template.spec.containers[0:1:0]}',
    '{.spec.template.spec.containers[::-1]}',
    '{.kind[0]}',
    '{.spec.replicas[?(@.x)]}',
    '{.spec.template.spec.containers[?(@.name=="nginx"].image}',
    '{.spec.template.spec.containers[?(@.name=="nginx")}',
    '{"abc}',
    '{.metadata.name == "x"}',
    '{#}',
    '{range .spec.template.spec.containers[*]}[{.name}]{end}',
    '{range .metadata.labels}{@}{end}',
    '{range .metadata}{@}{"|"}{end}',
    '{.spec.template.spec.containers[?(@.name==1)].name}',
    '{range .spec.template.spec.containers[*]}{.name}{range .ports[*]}{.x}{end}{end}',
    '{.spec.template.spec.containers[0]["image"]}',
    '{range .spec.template.spec.containers[*]}{.name}',
    '{range .spec.template.spec.containers[*]}{.name}{end}{.kind}{end}',
    '{range .spec.template.spec.containers[*]}{range .x[*]}{.y}{end}{.name}{end}|{.kind}',
    '{range .spec.x[*]}{.name}{end}{.kind}',
    '{range .metadata}{end}',
    '{.spec.template.spec.containers[?(@.name<=1)].name}',
    '{.spec.template.spec.containers[?(@.name=~"z")].name}',
    '{.spec.replicas[0]}',
    '{.metadata[0]}',
    '{.spec.template.spec.containers[-2]}',
    '{.spec.template.spec.containers[x:1]}',
    '{.spec.template.spec.containers[1:2:3:4]}',
    '{.spec.template.spec.containers[ 0 ].name}',
    '{....}',
    '{"bad\\q"}',
    '{foo}',
    '{.metadata.labels[app]}',
    '{.spec.template.spec.containers[?(@.name=="nginx")].image',
    '{1.2.3}',
    '{+}',
    '{.metadata.labels.app}{range .spec.template.spec.containers[*]}{"\\n"}  - {.name}={.image}{end}{"\\n"}',
]
CASES += [(f"output-formats-jsonpath-{i:03d}", DEPLOY + ["-o", "jsonpath=" + t], {}, None)
          for i, t in enumerate(JSONPATHS)]
CASES += [(f"output-formats-jsonpath-as-json-{i:02d}", DEPLOY + ["-o", "jsonpath-as-json=" + t], {}, None)
          for i, t in enumerate(["{.spec.template.spec.containers[0:]}", "{@}", "{.metadata.name}{.kind}",
                                 "{range .spec.template.spec.containers[*]}{.name}{.image}{end}", "{.x}",
                                 "{.spec.template.spec.containers[3]}"])]
