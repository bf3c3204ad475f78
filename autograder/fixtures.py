"""Broken clusters handed to learners in troubleshooting exercises: manifests the exercise's fixture
applies before the learner's fix runs (`{"manifests": [POD_TROUBLE], "advance": 30}`)."""

# a Pod with an image typo (ErrImagePull) behind a Service whose selector matches no pod
POD_TROUBLE = """\
apiVersion: v1
kind: Pod
metadata:
  name: shop
  labels:
    app: shop-frontend
spec:
  containers:
  - name: shop
    image: ngnix:1.27
    ports:
    - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector:
    app: shop
  ports:
  - port: 80
"""
