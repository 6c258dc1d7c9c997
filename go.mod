module github.com/zoomsig/zoomsig

go 1.23.0

require (
	github.com/golang-jwt/jwt/v5 v5.2.2
	github.com/google/go-cmp v0.7.0
	github.com/stretchr/testify v1.10.0
	golang.org/x/oauth2 v0.30.0
	golang.org/x/time v0.11.0
)

require (
	github.com/davecgh/go-spew v1.1.1 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)
